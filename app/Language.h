#pragma once
// The interface language: English (the source text) or Turkish (i18n/attnscope_tr.ts, compiled
// into the app by qt_add_translations). It follows the system locale unless one is chosen in
// View → Language, which is remembered and applies from the next start.

#include <QString>
#include <QStringList>

class QCoreApplication;
class QTranslator;

namespace attnscope::app {

// The languages the app has: their codes ("en", "tr").
QStringList availableLanguages();
// The language to use: the one chosen in the settings, else the system locale's if the app has
// it, else English. `systemLocale` is QLocale::system().name() unless a test passes another.
QString languageToUse(const QString& chosen, const QString& systemLocale);
// Installs the translation for `language` into `app` ("en" installs none). Returns the
// translator (owned by `app`), or nullptr for English or a language the app lacks.
QTranslator* installLanguage(QCoreApplication& app, const QString& language);

// The saved choice: "" (follow the system), "en" or "tr".
QString savedLanguageChoice();
void saveLanguageChoice(const QString& language);

}  // namespace attnscope::app
