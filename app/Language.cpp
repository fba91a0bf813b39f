#include "app/Language.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace attnscope::app {

QStringList availableLanguages() { return {QStringLiteral("en"), QStringLiteral("tr")}; }

QString languageToUse(const QString& chosen, const QString& systemLocale) {
    if (availableLanguages().contains(chosen)) return chosen;
    const QString system = systemLocale.section(QLatin1Char('_'), 0, 0).toLower();  // "tr_TR" -> "tr"
    return availableLanguages().contains(system) ? system : QStringLiteral("en");
}

QTranslator* installLanguage(QCoreApplication& app, const QString& language) {
    if (language == QLatin1String("en") || !availableLanguages().contains(language)) return nullptr;
    auto* translator = new QTranslator(&app);
    if (!translator->load(QStringLiteral(":/i18n/attnscope_%1.qm").arg(language))) {
        delete translator;
        return nullptr;
    }
    QCoreApplication::installTranslator(translator);
    return translator;
}

QString savedLanguageChoice() { return QSettings().value(QStringLiteral("ui/language")).toString(); }

void saveLanguageChoice(const QString& language) { QSettings().setValue(QStringLiteral("ui/language"), language); }

}  // namespace attnscope::app
