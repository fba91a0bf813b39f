<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr_TR">
<context>
    <name>QObject</name>
    <message>
        <source>Keyboard</source>
        <translation>Klavye</translation>
    </message>
    <message>
        <source>Mouse</source>
        <translation>Fare</translation>
    </message>
    <message>
        <source>Click a heatmap cell</source>
        <translation>Isı haritasında bir hücreye tıklayın</translation>
    </message>
    <message>
        <source>select that query (row) in every view</source>
        <translation>o sorguyu (satırı) her görünümde seçer</translation>
    </message>
    <message>
        <source>Wheel / drag on the heatmap</source>
        <translation>Isı haritasında tekerlek / sürükleme</translation>
    </message>
    <message>
        <source>zoom and pan; double-click shows the whole matrix again</source>
        <translation>yakınlaştırır ve kaydırır; çift tıklama tüm matrisi yeniden gösterir</translation>
    </message>
    <message>
        <source>Click a token in the strip</source>
        <translation>Şeritte bir belirtece tıklayın</translation>
    </message>
    <message>
        <source>select it as the query</source>
        <translation>onu sorgu olarak seçer</translation>
    </message>
    <message>
        <source>Click a head in All heads</source>
        <translation>Tüm kafalar’da bir kafaya tıklayın</translation>
    </message>
    <message>
        <source>show that layer and head</source>
        <translation>o katmanı ve kafayı gösterir</translation>
    </message>
    <message>
        <source>Ctrl + wheel on All heads</source>
        <translation>Tüm kafalar’da Ctrl + tekerlek</translation>
    </message>
    <message>
        <source>make the head cells larger or smaller</source>
        <translation>kafa hücrelerini büyütür ya da küçültür</translation>
    </message>
    <message>
        <source>Click a query in Token paths</source>
        <translation>Belirteç yolları’nda bir sorguya tıklayın</translation>
    </message>
    <message>
        <source>select it; its strongest key is scrolled into view</source>
        <translation>onu seçer; en güçlü anahtarı görünüme kaydırılır</translation>
    </message>
    <message>
        <source>Click a candidate in the next-token bars</source>
        <translation>Sonraki belirteç çubuklarında bir adaya tıklayın</translation>
    </message>
    <message>
        <source>force that token as the next one (the old one stays as a branch)</source>
        <translation>o belirteci sonraki olarak dayatır (eskisi bir dal olarak kalır)</translation>
    </message>
    <message>
        <source>Hover any cell, bar or token</source>
        <translation>Herhangi bir hücre, çubuk ya da belirtecin üzerine gelin</translation>
    </message>
    <message>
        <source>the exact numbers behind it</source>
        <translation>arkasındaki tam sayılar</translation>
    </message>
    <message>
        <source>Drop a model folder on the window</source>
        <translation>Pencereye bir model klasörü bırakın</translation>
    </message>
    <message>
        <source>open it</source>
        <translation>onu açar</translation>
    </message>
    <message>
        <source>&lt;h2&gt;attnscope %1&lt;/h2&gt;&lt;p&gt;Watch a GPT-2 model think, one token at a time: every layer&apos;s and head&apos;s attention before and after the causal mask, the queries, keys and values, and the next-token probabilities, recorded at each step of generation.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Model on screen:&lt;/b&gt; %2&lt;/p&gt;&lt;p&gt;Built with Qt %3 (running on %4), Eigen %5.%6.%7 and QCustomPlot.&lt;/p&gt;&lt;p&gt;The embedded model &lt;i&gt;attnscope-small&lt;/i&gt; was trained by this project on public-domain English; its model card (resources/models/attnscope-small/MODEL_CARD.md) lists every source and its licence. It is a teaching model, not a useful language model.&lt;/p&gt;&lt;p&gt;Built from the lesson &quot;The Illustrated GPT-2&quot;.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;attnscope %1&lt;/h2&gt;&lt;p&gt;Bir GPT-2 modelinin düşünmesini her seferinde bir belirteç olarak izleyin: her katmanın ve kafanın nedensel maskeden önceki ve sonraki dikkati, sorgular, anahtarlar ve değerler ile sonraki belirteç olasılıkları, üretimin her adımında kaydedilir.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ekrandaki model:&lt;/b&gt; %2&lt;/p&gt;&lt;p&gt;Qt %3 (%4 üzerinde çalışıyor), Eigen %5.%6.%7 ve QCustomPlot ile yapıldı.&lt;/p&gt;&lt;p&gt;Gömülü model &lt;i&gt;attnscope-small&lt;/i&gt;, bu proje tarafından kamu malı İngilizce metinler üzerinde eğitildi; model kartı (resources/models/attnscope-small/MODEL_CARD.md) her kaynağı ve lisansını listeler. Bu bir öğretim modelidir, kullanışlı bir dil modeli değildir.&lt;/p&gt;&lt;p&gt;“Resimli GPT-2” dersinden yola çıkılarak yapıldı.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1: an image is written as .png, .svg or .pdf</source>
        <translation>%1: resim .png, .svg ya da .pdf olarak yazılır</translation>
    </message>
    <message>
        <source>Could not draw the view as %1 for %2.</source>
        <translation>%2 için görünüm %1 olarak çizilemedi.</translation>
    </message>
</context>
<context>
    <name>attnscope::app::ControlPanel</name>
    <message>
        <source>Prompt</source>
        <translation>İstem</translation>
    </message>
    <message>
        <source>Text for the model to continue. Leave empty to start from &lt;|endoftext|&gt;.</source>
        <translation>Modelin sürdüreceği metin. &lt;|endoftext|&gt; ile başlamak için boş bırakın.</translation>
    </message>
    <message>
        <source>The prompt. Generate runs it through the model in one pass (step 0), then adds one token per step.</source>
        <translation>İstem. Üret, onu modelden tek geçişte geçirir (0. adım), sonra her adımda bir belirteç ekler.</translation>
    </message>
    <message>
        <source>Treat &lt;|endoftext|&gt; as plain text</source>
        <translation>&lt;|endoftext|&gt; düz metin sayılsın</translation>
    </message>
    <message>
        <source>Off: &quot;&lt;|endoftext|&gt;&quot; in the prompt is GPT-2&apos;s one special token. On: it is spelt out as ordinary text.</source>
        <translation>Kapalı: istemdeki &quot;&lt;|endoftext|&gt;&quot;, GPT-2’nin tek özel belirtecidir. Açık: sıradan metin olarak yazılır.</translation>
    </message>
    <message>
        <source>Choosing the next token</source>
        <translation>Sonraki belirteci seçmek</translation>
    </message>
    <message>
        <source>Greedy (most probable)</source>
        <translation>Açgözlü (en olası)</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Örnekle</translation>
    </message>
    <message>
        <source>Greedy always takes the most probable token (it tends to loop); sampling draws one at random by probability.</source>
        <translation>Açgözlü seçim her zaman en olası belirteci alır (döngüye girmeye yatkındır); örnekleme olasılığa göre rastgele birini çeker.</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Kip</translation>
    </message>
    <message>
        <source>Divides the logits before the softmax: below 1 sharpens the distribution, above 1 flattens it.</source>
        <translation>Logitleri softmax’tan önce böler: 1’in altı dağılımı keskinleştirir, üstü düzleştirir.</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Sıcaklık</translation>
    </message>
    <message>
        <source>off</source>
        <translation>kapalı</translation>
    </message>
    <message>
        <source>Sample only among the k most probable tokens (GPT-2&apos;s samples used 40). 0: no cut.</source>
        <translation>Yalnızca en olası k belirteç arasından örnekle (GPT-2’nin örnekleri 40 kullandı). 0: kesme yok.</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Nucleus sampling: sample from the smallest set of tokens whose probabilities add up to p. 1: no cut.</source>
        <translation>Çekirdek örnekleme: olasılıklarının toplamı p olan en küçük belirteç kümesinden örnekle. 1: kesme yok.</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>The same seed and settings give the same text.</source>
        <translation>Aynı tohum ve ayarlar aynı metni verir.</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Tohum</translation>
    </message>
    <message>
        <source>How many tokens one press of Generate adds at most.</source>
        <translation>Üret’e bir basışın en çok kaç belirteç eklediği.</translation>
    </message>
    <message>
        <source>New tokens</source>
        <translation>Yeni belirteçler</translation>
    </message>
    <message>
        <source>Slow generation down so a class can follow: a pause between tokens, up to 5 seconds.</source>
        <translation>Bir sınıf izleyebilsin diye üretimi yavaşlat: belirteçler arasında en çok 5 saniyelik bir duraklama.</translation>
    </message>
    <message>
        <source>Pace</source>
        <translation>Tempo</translation>
    </message>
    <message>
        <source>Attention shown</source>
        <translation>Gösterilen dikkat</translation>
    </message>
    <message>
        <source>Which block&apos;s attention the views show (Alt+Up / Alt+Down).</source>
        <translation>Görünümlerin hangi bloğun dikkatini gösterdiği (Alt+Yukarı / Alt+Aşağı).</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Katman</translation>
    </message>
    <message>
        <source>Which head of that layer, or the mean over all its heads (Alt+Left / Alt+Right).</source>
        <translation>O katmanın hangi kafası ya da tüm kafalarının ortalaması (Alt+Sol / Alt+Sağ).</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Kafa</translation>
    </message>
    <message>
        <source>The prompt was not set: %1</source>
        <translation>İstem ayarlanmadı: %1</translation>
    </message>
    <message>
        <source>it is %1 characters long; without a model, the prompt box takes %2</source>
        <translation>%1 karakter uzunluğunda; model yokken istem kutusu en çok %2 alır</translation>
    </message>
    <message>
        <source>full speed</source>
        <translation>tam hız</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 sn</translation>
    </message>
    <message>
        <source>mean of all heads</source>
        <translation>tüm kafaların ortalaması</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>kafa %1</translation>
    </message>
    <message>
        <source>The prompt does not fit %1: %2.</source>
        <translation>İstem %1 modeline sığmıyor: %2.</translation>
    </message>
</context>
<context>
    <name>attnscope::app::Controller</name>
    <message>
        <source>%1. The weights are mapped from that file: open the model again before running it.</source>
        <translation>%1. Ağırlıklar o dosyadan eşleniyor: çalıştırmadan önce modeli yeniden açın.</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Durdu: %1</translation>
    </message>
    <message>
        <source>All heads on again from the next step</source>
        <translation>Sonraki adımdan itibaren tüm kafalar yeniden açık</translation>
    </message>
    <message numerus="yes">
        <source>%n head(s) switched off from the next step</source>
        <translation>
            <numerusform>%n kafa sonraki adımdan itibaren kapalı</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>attnscope::app::ExportActions</name>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>%1 dışa aktar</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG resmi (*.png);;SVG çizimi (*.svg);;PDF belgesi (*.pdf)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Dışa aktarma başarısız</translation>
    </message>
    <message>
        <source>The view</source>
        <translation>Görünüm</translation>
    </message>
    <message>
        <source>Export attention as CSV</source>
        <translation>Dikkati CSV olarak dışa aktar</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>There is no recorded step to export.</source>
        <translation>Dışa aktarılacak kayıtlı adım yok.</translation>
    </message>
    <message>
        <source>Attention matrix</source>
        <translation>Dikkat matrisi</translation>
    </message>
    <message>
        <source>%1 exported to %2</source>
        <translation>%1, %2 konumuna aktarıldı</translation>
    </message>
    <message>
        <source>Export trace</source>
        <translation>İzi dışa aktar</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>There is no text to export.</source>
        <translation>Dışa aktarılacak metin yok.</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>İz</translation>
    </message>
</context>
<context>
    <name>attnscope::app::GenerationWorker</name>
    <message>
        <source>No model is loaded.</source>
        <translation>Yüklü model yok.</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>duraklatıldı</translation>
    </message>
    <message>
        <source>one step</source>
        <translation>bir adım</translation>
    </message>
    <message>
        <source>The prompt is split into other tokens than when the workspace was saved (%1 tokens now, %2 then).</source>
        <translation>İstem, çalışma alanı kaydedildiğindekinden farklı belirteçlere bölünüyor (şimdi %1 belirteç, o zaman %2).</translation>
    </message>
    <message>
        <source>branch %1</source>
        <translation>dal %1</translation>
    </message>
    <message>
        <source>stopped while opening the workspace</source>
        <translation>çalışma alanı açılırken durduruldu</translation>
    </message>
    <message>
        <source>workspace opened</source>
        <translation>çalışma alanı açıldı</translation>
    </message>
    <message>
        <source>Opening was stopped before every step was made again.</source>
        <translation>Açma, her adım yeniden yapılmadan önce durduruldu.</translation>
    </message>
    <message>
        <source>The steps could not all be made again: %1</source>
        <translation>Adımların hepsi yeniden yapılamadı: %1</translation>
    </message>
    <message>
        <source>workspace opened with errors</source>
        <translation>çalışma alanı hatalarla açıldı</translation>
    </message>
    <message>
        <source>Opening was stopped after %1step %2 of %3.</source>
        <translation>Açma, %1%3 adımın %2. adımından sonra durduruldu.</translation>
    </message>
    <message>
        <source>The context window is full after %1step %2; the remaining %3 steps were not made.</source>
        <translation>Bağlam penceresi %1%2. adımdan sonra doldu; kalan %3 adım yapılmadı.</translation>
    </message>
    <message>
        <source>%1Step %2 now chooses token %3; the workspace says %4, which is kept.</source>
        <translation>%1%2. adım artık %3 belirtecini seçiyor; çalışma alanı %4 diyor ve o korunuyor.</translation>
    </message>
    <message>
        <source>%1Step %2: the chosen token&apos;s probability is now %3, saved as %4.</source>
        <translation>%1%2. adım: seçilen belirtecin olasılığı şimdi %3, kaydedilen %4.</translation>
    </message>
    <message>
        <source>generated the requested number of tokens</source>
        <translation>istenen sayıda belirteç üretildi</translation>
    </message>
    <message>
        <source>reached the end of the model&apos;s context window</source>
        <translation>modelin bağlam penceresinin sonuna ulaşıldı</translation>
    </message>
    <message>
        <source>the model chose &lt;|endoftext|&gt;</source>
        <translation>model &lt;|endoftext|&gt; seçti</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>iptal edildi</translation>
    </message>
</context>
<context>
    <name>attnscope::app::GuidedLesson</name>
    <message>
        <source>◀ Back</source>
        <translation>◀ Geri</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>İleri ▶</translation>
    </message>
    <message>
        <source>The previous stop of the lesson</source>
        <translation>Dersin önceki durağı</translation>
    </message>
    <message>
        <source>The next stop of the lesson</source>
        <translation>Dersin sonraki durağı</translation>
    </message>
    <message>
        <source>1. The next word</source>
        <translation>1. Sonraki kelime</translation>
    </message>
    <message>
        <source>A language model does one thing: given a text, it gives every token of its vocabulary a probability of coming next. The bars on the right are the best candidates for the step on screen. Greedy decoding takes the top one; sampling draws among them (top-k keeps only the k best).</source>
        <translation>Bir dil modeli tek bir iş yapar: bir metin verildiğinde, sözlüğündeki her belirtece sıradaki belirteç olma olasılığı verir. Sağdaki çubuklar, ekrandaki adımın en iyi adaylarıdır. Açgözlü kod çözme en üsttekini alır; örnekleme bunların arasından çeker (top-k yalnızca en iyi k tanesini tutar).</translation>
    </message>
    <message>
        <source>2. One token at a time</source>
        <translation>2. Her seferinde bir belirteç</translation>
    </message>
    <message>
        <source>The chosen token is appended to the text and the model runs again: that is auto-regression. The strip at the top is the text, the prompt in grey; ← and → move along the steps, Shift+→ makes one more.</source>
        <translation>Seçilen belirteç metnin sonuna eklenir ve model yeniden çalışır: buna öz-bağlanım (auto-regression) denir. Üstteki şerit metnin kendisidir, istem gri renktedir; ← ve → adımlar arasında gezinir, Shift+→ bir adım daha üretir.</translation>
    </message>
    <message>
        <source>3. A stack of blocks</source>
        <translation>3. Blok yığını</translation>
    </message>
    <message>
        <source>The model is a stack of identical decoder blocks, each with its own weights: masked self-attention, then a feed-forward network. The token&apos;s vector climbs the stack; “Token&apos;s path” shows how much each block adds, and the anatomy lists every weight.</source>
        <translation>Model, her birinin kendi ağırlıkları olan özdeş kod çözücü bloklarından oluşan bir yığındır: önce maskeli öz-dikkat, sonra ileri beslemeli bir ağ. Belirtecin vektörü yığını tırmanır; “Belirtecin yolu” her bloğun ne kadar eklediğini gösterir, anatomi ise her ağırlığı listeler.</translation>
    </message>
    <message>
        <source>4. Embeddings</source>
        <translation>4. Gömmeler</translation>
    </message>
    <message>
        <source>Before the first block, the token&apos;s id picks its row of the token-embedding matrix wte and its position picks a row of the position matrix wpe; the two rows are added.</source>
        <translation>İlk bloktan önce, belirtecin kimliği belirteç gömme matrisi wte’den kendi satırını, konumu ise konum matrisi wpe’den bir satırı seçer; iki satır toplanır.</translation>
    </message>
    <message>
        <source>5. Query, key and value</source>
        <translation>5. Sorgu, anahtar ve değer</translation>
    </message>
    <message>
        <source>In each block, one matrix multiply (c_attn) turns the vector into three: a query (what this token looks for), a key (what it offers) and a value (what it passes on), each cut into one piece per head.</source>
        <translation>Her blokta tek bir matris çarpımı (c_attn) vektörü üçe dönüştürür: bir sorgu (bu belirtecin aradığı), bir anahtar (sunduğu) ve bir değer (aktardığı); her biri kafa başına bir parçaya bölünür.</translation>
    </message>
    <message>
        <source>6. Scoring the keys</source>
        <translation>6. Anahtarları puanlamak</translation>
    </message>
    <message>
        <source>The query is compared with the key of every token so far by a dot product, divided by the square root of the head size: one score per earlier token.</source>
        <translation>Sorgu, şimdiye kadarki her belirtecin anahtarıyla bir nokta çarpımıyla karşılaştırılır ve kafa boyutunun kareköküne bölünür: önceki her belirteç için bir puan.</translation>
    </message>
    <message>
        <source>7. The mask and the softmax</source>
        <translation>7. Maske ve softmax</translation>
    </message>
    <message>
        <source>A token may not look at the future: the scores above the diagonal are set to minus infinity, then each row goes through a softmax, so the weights of a row add up to 1 and the future gets exactly 0.</source>
        <translation>Bir belirteç geleceğe bakamaz: köşegenin üstündeki puanlar eksi sonsuza ayarlanır, sonra her satır bir softmax’tan geçer; böylece bir satırın ağırlıklarının toplamı 1 olur ve gelecek tam olarak 0 alır.</translation>
    </message>
    <message>
        <source>8. Adding up the values</source>
        <translation>8. Değerleri toplamak</translation>
    </message>
    <message>
        <source>Each value is multiplied by its weight and the results are added: tokens with a small weight fade out of the sum.</source>
        <translation>Her değer kendi ağırlığıyla çarpılır ve sonuçlar toplanır: ağırlığı küçük olan belirteçler toplamda silikleşir.</translation>
    </message>
    <message>
        <source>9. Merging the heads, the feed-forward network</source>
        <translation>9. Kafaları birleştirmek, ileri beslemeli ağ</translation>
    </message>
    <message>
        <source>The heads&apos; outputs are laid side by side again and projected (c_proj); then the feed-forward network widens the vector four times, applies GELU and narrows it back.</source>
        <translation>Kafaların çıktıları yeniden yan yana dizilir ve izdüşürülür (c_proj); ardından ileri beslemeli ağ vektörü dört kat genişletir, GELU uygular ve yeniden daraltır.</translation>
    </message>
    <message>
        <source>10. Where each token looks</source>
        <translation>10. Her belirteç nereye bakar</translation>
    </message>
    <message>
        <source>The attention matrix of one head: row = the token attending, column = the token attended to. Token paths draws the same weights as lines; click a row or a token to follow another one.</source>
        <translation>Bir kafanın dikkat matrisi: satır = dikkat eden belirteç, sütun = dikkat edilen belirteç. Belirteç yolları aynı ağırlıkları çizgi olarak çizer; başka birini izlemek için bir satıra ya da bir belirtece tıklayın.</translation>
    </message>
    <message>
        <source>11. The key/value cache</source>
        <translation>11. Anahtar/değer önbelleği</translation>
    </message>
    <message>
        <source>Keys and values of earlier tokens do not change, so GPT-2 keeps them: each new step runs only the newest token and reads the rest from the cache.</source>
        <translation>Önceki belirteçlerin anahtarları ve değerleri değişmez, bu yüzden GPT-2 onları saklar: her yeni adım yalnızca en yeni belirteci çalıştırır ve gerisini önbellekten okur.</translation>
    </message>
    <message>
        <source>12. The output head</source>
        <translation>12. Çıkış katmanı</translation>
    </message>
    <message>
        <source>After the last block, the final layer norm and a dot product with every row of the embedding matrix give one score (logit) per token of the vocabulary; the softmax turns them into the probabilities of step 1.</source>
        <translation>Son bloktan sonra, son katman normu ve gömme matrisinin her satırıyla bir nokta çarpımı sözlükteki her belirteç için bir puan (logit) verir; softmax bunları 1. duraktaki olasılıklara dönüştürür.</translation>
    </message>
    <message>
        <source>13. Heads do different things</source>
        <translation>13. Kafalar farklı işler yapar</translation>
    </message>
    <message>
        <source>Every head of every layer at once: some look at the previous token, some at the first, some copy what followed an earlier occurrence (induction heads). Head scores measures each; click a head to look at it.</source>
        <translation>Her katmanın her kafası bir arada: kimi önceki belirtece, kimi ilk belirtece bakar, kimi daha önceki bir geçişin ardından geleni kopyalar (tümevarım kafaları). Kafa puanları her birini ölçer; incelemek için bir kafaya tıklayın.</translation>
    </message>
    <message>
        <source>Open a model to see its numbers here.</source>
        <translation>Sayılarını burada görmek için bir model açın.</translation>
    </message>
    <message>
        <source>Generate some text: the numbers of the step on screen appear here.</source>
        <translation>Biraz metin üretin: ekrandaki adımın sayıları burada görünür.</translation>
    </message>
    <message>
        <source>Here: after %1 the model&apos;s first choice is %2 at %3, then %4 at %5. Click a bar to choose another token and continue from it.</source>
        <translation>Burada: %1 sonrasında modelin ilk tercihi %3 ile %2, ardından %5 ile %4. Başka bir belirteç seçip oradan devam etmek için bir çubuğa tıklayın.</translation>
    </message>
    <message>
        <source>Here: the text is %1 tokens, %2 of them the prompt; this is step %3 of %4.</source>
        <translation>Burada: metin %1 belirteç, bunların %2 tanesi istem; bu, %4 adımın %3. adımı.</translation>
    </message>
    <message>
        <source>Here: %1 has %2 blocks, %3 numbers wide, %4 heads per block, %5 parameters in all.</source>
        <translation>Burada: %1 modelinde %2 blok var, %3 sayı genişliğinde, blok başına %4 kafa, toplam %5 parametre.</translation>
    </message>
    <message>
        <source>Here: token %1 (id %2) at position %3: a row of %4 numbers from wte plus row %3 of wpe.</source>
        <translation>Burada: %3 konumundaki %1 belirteci (kimlik %2): wte’den %4 sayılık bir satır artı wpe’nin %3. satırı.</translation>
    </message>
    <message>
        <source>Here: c_attn turns %1 numbers into 3 × %1; each of q, k and v is cut into %2 heads of %3.</source>
        <translation>Burada: c_attn %1 sayıyı 3 × %1 sayıya dönüştürür; q, k ve v’nin her biri %3 boyutlu %2 kafaya bölünür.</translation>
    </message>
    <message>
        <source>Here: the query of %1 (position %2) is scored against %3 keys in layer %4, head %5, each score divided by √%6.</source>
        <translation>Burada: %1 belirtecinin sorgusu (konum %2), %4. katman %5. kafada %3 anahtara karşı puanlanır; her puan √%6 ile bölünür.</translation>
    </message>
    <message>
        <source>Here: the newest token (row %1) may look at all %2 tokens, so its row has nothing masked; row %3 has %4 later positions set to −∞ and then 0. Click a token to choose its row.</source>
        <translation>Burada: en yeni belirteç (satır %1) %2 belirtecin hepsine bakabilir, bu yüzden satırında maskelenen bir şey yok; %3. satırda ise sonraki %4 konum −∞ yapılır ve sonra 0 olur. Satırını seçmek için bir belirtece tıklayın.</translation>
    </message>
    <message>
        <source>Here: row %1 keeps keys 0 to %1; its %2 later positions are set to −∞ and get weight 0.</source>
        <translation>Burada: %1. satır 0’dan %1’e kadarki anahtarları tutar; sonraki %2 konumu −∞ yapılır ve 0 ağırlık alır.</translation>
    </message>
    <message>
        <source>This step was generated with recording off: no weights to read.</source>
        <translation>Bu adım kayıt kapalıyken üretildi: okunacak ağırlık yok.</translation>
    </message>
    <message>
        <source>Here: in layer %1, head %2, %3 gives %4 of its attention to %5 (position %6).</source>
        <translation>Burada: %1. katman %2. kafada %3, dikkatinin %4 kadarını %5 belirtecine (konum %6) verir.</translation>
    </message>
    <message>
        <source>Here: %1 heads × %2 = %3 numbers; the feed-forward network widens them to %4 and back to %3.</source>
        <translation>Burada: %1 kafa × %2 = %3 sayı; ileri beslemeli ağ bunları %4 sayıya genişletir ve yeniden %3 sayıya indirir.</translation>
    </message>
    <message>
        <source>Here: the cache holds keys and values for %1 positions in %2 layers × %3 heads; this step ran %4 new position(s).</source>
        <translation>Burada: önbellek %2 katman × %3 kafada %1 konumun anahtarlarını ve değerlerini tutar; bu adım %4 yeni konum çalıştırdı.</translation>
    </message>
    <message>
        <source>Here: %1 scores, one per token of the vocabulary; after the softmax %2 has %3.</source>
        <translation>Burada: sözlükteki her belirteç için bir tane, %1 puan; softmax’tan sonra %2 belirtecinin olasılığı %3.</translation>
    </message>
    <message>
        <source>Here: %1 layers × %2 heads = %3 heads. Run the diagnostics in Head scores to find this model&apos;s induction heads.</source>
        <translation>Burada: %1 katman × %2 kafa = %3 kafa. Bu modelin tümevarım kafalarını bulmak için Kafa puanları’nda tanılamayı çalıştırın.</translation>
    </message>
    <message>
        <source>A guided lesson</source>
        <translation>Rehberli bir ders</translation>
    </message>
    <message>
        <source>%1 stops, from the next word to the heads</source>
        <translation>Sonraki kelimeden kafalara, %1 durak</translation>
    </message>
    <message>
        <source>Stop %1 of %2 · the seed&apos;s %3</source>
        <translation>Durak %1 / %2 · kaynağın %3 kavramları</translation>
    </message>
    <message>
        <source>Start ▶</source>
        <translation>Başla ▶</translation>
    </message>
    <message>
        <source>This lesson follows “The Illustrated GPT-2” on the model that is open, with its real numbers. Each stop moves the views to the right place. Press Start to begin.</source>
        <translation>Bu ders, “Resimli GPT-2”yi açık olan model üzerinde, gerçek sayılarıyla izler. Her durak görünümleri doğru yere taşır. Başlamak için Başla’ya basın.</translation>
    </message>
</context>
<context>
    <name>attnscope::app::MainWindow</name>
    <message>
        <source>attnscope</source>
        <translation>attnscope</translation>
    </message>
    <message>
        <source>Opened %1: every step was made again and matches.</source>
        <translation>%1 açıldı: her adım yeniden yapıldı ve eşleşiyor.</translation>
    </message>
    <message>
        <source>%1: %2 differences on replay</source>
        <translation>%1: yeniden oynatmada %2 fark</translation>
    </message>
    <message>
        <source>… and %1 more.</source>
        <translation>… ve %1 tane daha.</translation>
    </message>
    <message>
        <source>The numbers no longer match</source>
        <translation>Sayılar artık eşleşmiyor</translation>
    </message>
    <message>
        <source>%1 was opened, but the model now computes something else than when it was saved:

%2</source>
        <translation>%1 açıldı, ancak model artık kaydedildiği zamankinden farklı bir şey hesaplıyor:

%2</translation>
    </message>
    <message>
        <source>%1

%2</source>
        <translation>%1

%2</translation>
    </message>
    <message>
        <source>The autosave failed: %1 Save the workspace somewhere else (File &gt; Save As).</source>
        <translation>Otomatik kayıt başarısız: %1 Çalışma alanını başka bir yere kaydedin (Dosya &gt; Farklı Kaydet).</translation>
    </message>
    <message>
        <source>&amp;Open Model Folder…</source>
        <translation>&amp;Model Klasörü Aç…</translation>
    </message>
    <message>
        <source>Open a Hugging Face GPT-2 folder (config.json, model.safetensors, vocab.json, merges.txt)</source>
        <translation>Bir Hugging Face GPT-2 klasörü açın (config.json, model.safetensors, vocab.json, merges.txt)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Çı&amp;kış</translation>
    </message>
    <message>
        <source>Quit attnscope</source>
        <translation>attnscope&apos;tan çık</translation>
    </message>
    <message>
        <source>Open &amp;Workspace…</source>
        <translation>Çalışma &amp;Alanı Aç…</translation>
    </message>
    <message>
        <source>Open a saved lesson: model, prompt, every step, the selection and the layout</source>
        <translation>Kaydedilmiş bir dersi açın: model, istem, her adım, seçim ve yerleşim</translation>
    </message>
    <message>
        <source>&amp;Save Workspace</source>
        <translation>Çalışma Alanını &amp;Kaydet</translation>
    </message>
    <message>
        <source>Save the model, prompt, every step, the selection and the layout</source>
        <translation>Modeli, istemi, her adımı, seçimi ve yerleşimi kaydet</translation>
    </message>
    <message>
        <source>Save Workspace &amp;As…</source>
        <translation>Çalışma Alanını &amp;Farklı Kaydet…</translation>
    </message>
    <message>
        <source>Save the workspace to another file</source>
        <translation>Çalışma alanını başka bir dosyaya kaydet</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Üret</translation>
    </message>
    <message>
        <source>Run the prompt, then add tokens one by one until the limit or Pause</source>
        <translation>İstemi çalıştır, sonra sınıra ya da Duraklat’a kadar belirteçleri tek tek ekle</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Duraklat</translation>
    </message>
    <message>
        <source>Stop after the current token</source>
        <translation>Şu anki belirteçten sonra dur</translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation>Oynat / duraklat</translation>
    </message>
    <message>
        <source>Generate, or pause a run in progress</source>
        <translation>Üret ya da süren bir çalışmayı duraklat</translation>
    </message>
    <message>
        <source>; Space plays and pauses</source>
        <translation>; Boşluk tuşu oynatır ve duraklatır</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>&amp;Adım</translation>
    </message>
    <message>
        <source>Generate exactly one token (from a past step: a new branch)</source>
        <translation>Tam olarak bir belirteç üret (geçmiş bir adımdan: yeni bir dal)</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Geri</translation>
    </message>
    <message>
        <source>Show the previous step; generating from there starts a new branch</source>
        <translation>Önceki adımı göster; oradan üretmek yeni bir dal başlatır</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>&amp;İleri</translation>
    </message>
    <message>
        <source>Show the next step of this text (generates nothing)</source>
        <translation>Bu metnin sonraki adımını göster (hiçbir şey üretmez)</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>İlk adım</translation>
    </message>
    <message>
        <source>Show the prompt&apos;s step</source>
        <translation>İstemin adımını göster</translation>
    </message>
    <message>
        <source>Last step</source>
        <translation>Son adım</translation>
    </message>
    <message>
        <source>Show the newest step of this text</source>
        <translation>Bu metnin en yeni adımını göster</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>&amp;Sıfırla</translation>
    </message>
    <message>
        <source>Forget the generated text; the next Generate runs the prompt anew</source>
        <translation>Üretilen metni unut; bir sonraki Üret istemi baştan çalıştırır</translation>
    </message>
    <message>
        <source>Reset forgets</source>
        <translation>Sıfırla şunları unutur:</translation>
    </message>
    <message>
        <source>Previous layer</source>
        <translation>Önceki katman</translation>
    </message>
    <message>
        <source>Show the layer below</source>
        <translation>Alttaki katmanı göster</translation>
    </message>
    <message>
        <source>Next layer</source>
        <translation>Sonraki katman</translation>
    </message>
    <message>
        <source>Show the layer above</source>
        <translation>Üstteki katmanı göster</translation>
    </message>
    <message>
        <source>Previous head</source>
        <translation>Önceki kafa</translation>
    </message>
    <message>
        <source>Show the previous head</source>
        <translation>Önceki kafayı göster</translation>
    </message>
    <message>
        <source>Next head</source>
        <translation>Sonraki kafa</translation>
    </message>
    <message>
        <source>Show the next head</source>
        <translation>Sonraki kafayı göster</translation>
    </message>
    <message>
        <source>Mean of all heads</source>
        <translation>Tüm kafaların ortalaması</translation>
    </message>
    <message>
        <source>Show the mean attention over all heads of the layer</source>
        <translation>Katmanın tüm kafalarının ortalama dikkatini göster</translation>
    </message>
    <message>
        <source>&amp;Logarithmic colour scale</source>
        <translation>&amp;Logaritmik renk ölçeği</translation>
    </message>
    <message>
        <source>Colour the heatmap by log probability, to see small weights</source>
        <translation>Küçük ağırlıkları görmek için ısı haritasını log olasılığa göre renklendir</translation>
    </message>
    <message>
        <source>Export Centre &amp;View as Image…</source>
        <translation>Ortadaki &amp;Görünümü Resim Olarak Dışa Aktar…</translation>
    </message>
    <message>
        <source>Save the centre tab&apos;s view as PNG, SVG or PDF, with the model, prompt, step and settings it shows</source>
        <translation>Ortadaki sekmenin görünümünü, gösterdiği model, istem, adım ve ayarlarla PNG, SVG ya da PDF olarak kaydet</translation>
    </message>
    <message>
        <source>Export Attention as &amp;CSV…</source>
        <translation>Dikkati &amp;CSV Olarak Dışa Aktar…</translation>
    </message>
    <message>
        <source>Save the current layer/head attention matrix as CSV</source>
        <translation>Seçili katman/kafanın dikkat matrisini CSV olarak kaydet</translation>
    </message>
    <message>
        <source>Export &amp;Trace as JSON…</source>
        <translation>&amp;İzi JSON Olarak Dışa Aktar…</translation>
    </message>
    <message>
        <source>Save every step of this generation (docs/trace-format.md)</source>
        <translation>Bu üretimin her adımını kaydet (docs/trace-format.md)</translation>
    </message>
    <message>
        <source>&amp;Keyboard and Mouse Shortcuts</source>
        <translation>&amp;Klavye ve Fare Kısayolları</translation>
    </message>
    <message>
        <source>List every shortcut and what each click does</source>
        <translation>Her kısayolu ve her tıklamanın ne yaptığını listele</translation>
    </message>
    <message>
        <source>attnscope shortcuts</source>
        <translation>attnscope kısayolları</translation>
    </message>
    <message>
        <source>Guided &amp;Lesson</source>
        <translation>Rehberli &amp;Ders</translation>
    </message>
    <message>
        <source>Walk through “The Illustrated GPT-2” on the open model, stop by stop</source>
        <translation>“Resimli GPT-2”yi açık model üzerinde durak durak gezin</translation>
    </message>
    <message>
        <source>&amp;About attnscope</source>
        <translation>attnscope &amp;Hakkında</translation>
    </message>
    <message>
        <source>Version, libraries and where the embedded model came from</source>
        <translation>Sürüm, kütüphaneler ve gömülü modelin kaynağı</translation>
    </message>
    <message>
        <source>%1 (%2 parameters)</source>
        <translation>%1 (%2 parametre)</translation>
    </message>
    <message>
        <source>none open</source>
        <translation>açık model yok</translation>
    </message>
    <message>
        <source>About attnscope</source>
        <translation>attnscope Hakkında</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Dosya</translation>
    </message>
    <message>
        <source>Recent &amp;Models</source>
        <translation>Son &amp;Modeller</translation>
    </message>
    <message>
        <source>Recent W&amp;orkspaces</source>
        <translation>Son Ç&amp;alışma Alanları</translation>
    </message>
    <message>
        <source>Export Any View</source>
        <translation>Herhangi Bir Görünümü Dışa Aktar</translation>
    </message>
    <message>
        <source>Every view on screen, the docks included</source>
        <translation>Ekrandaki her görünüm, paneller dahil</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Görünüm</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Dil</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Sistemi izle</translation>
    </message>
    <message>
        <source>The language changes when attnscope starts again.</source>
        <translation>Dil, attnscope yeniden başladığında değişir.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Yardım</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>Üretim</translation>
    </message>
    <message>
        <source> Step </source>
        <translation> Adım </translation>
    </message>
    <message>
        <source>Scrub through the steps: every view shows the step you choose</source>
        <translation>Adımlar arasında gezinin: her görünüm seçtiğiniz adımı gösterir</translation>
    </message>
    <message>
        <source>Branches: going back and generating or forcing another token keeps the old continuation here; choose one to show it (and to continue it)</source>
        <translation>Dallar: geri gidip üretmek ya da başka bir belirteç dayatmak eski devamı burada saklar; göstermek (ve sürdürmek) için birini seçin</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Dikkat</translation>
    </message>
    <message>
        <source>Inside one step</source>
        <translation>Bir adımın içi</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV önbelleği</translation>
    </message>
    <message>
        <source>Token&apos;s path</source>
        <translation>Belirtecin yolu</translation>
    </message>
    <message>
        <source>One token&apos;s step through the model, stage by stage, with the real numbers (S9–S24)</source>
        <translation>Bir belirtecin modeldeki adımı, aşama aşama, gerçek sayılarla (S9–S24)</translation>
    </message>
    <message>
        <source>The keys and values kept from earlier steps, and what this step reused (S8, S18)</source>
        <translation>Önceki adımlardan saklanan anahtarlar ve değerler ve bu adımın yeniden kullandıkları (S8, S18)</translation>
    </message>
    <message>
        <source>The selected token&apos;s vector on its way up the blocks, and what each layer would predict (S10)</source>
        <translation>Seçili belirtecin vektörünün bloklarda yukarı yolculuğu ve her katmanın tahmin edeceği (S10)</translation>
    </message>
    <message>
        <source>Compare prompts</source>
        <translation>İstemleri karşılaştır</translation>
    </message>
    <message>
        <source>One head&apos;s attention for two prompts, side by side, and their difference</source>
        <translation>Bir kafanın iki istem için dikkati, yan yana, ve aralarındaki fark</translation>
    </message>
    <message>
        <source>Prompt and sampling</source>
        <translation>İstem ve örnekleme</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Belirteçler</translation>
    </message>
    <message>
        <source>Next-token probabilities</source>
        <translation>Sonraki belirteç olasılıkları</translation>
    </message>
    <message>
        <source>Token paths</source>
        <translation>Belirteç yolları</translation>
    </message>
    <message>
        <source>All heads</source>
        <translation>Tüm kafalar</translation>
    </message>
    <message>
        <source>Logit lens</source>
        <translation>Logit merceği</translation>
    </message>
    <message>
        <source>Head scores</source>
        <translation>Kafa puanları</translation>
    </message>
    <message>
        <source>Switch heads off</source>
        <translation>Kafaları kapat</translation>
    </message>
    <message>
        <source>How an induction head forms</source>
        <translation>Bir tümevarım kafası nasıl oluşur</translation>
    </message>
    <message>
        <source>Model anatomy</source>
        <translation>Model anatomisi</translation>
    </message>
    <message>
        <source>Guided lesson</source>
        <translation>Rehberli ders</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Yüklü model yok</translation>
    </message>
    <message>
        <source>Open a GPT-2 model folder as downloaded from the Hugging Face hub:
config.json, model.safetensors, vocab.json and merges.txt.
You can also drop the folder onto this window.</source>
        <translation>Hugging Face hub’dan indirildiği haliyle bir GPT-2 model klasörü açın:
config.json, model.safetensors, vocab.json ve merges.txt.
Klasörü bu pencereye bırakabilirsiniz de.</translation>
    </message>
    <message>
        <source>Decoding speed of the last run: generated tokens per second of the model&apos;s own work. The pause between tokens and the prompt&apos;s first pass do not count.</source>
        <translation>Son çalışmanın kod çözme hızı: modelin kendi çalışmasının saniyesi başına üretilen belirteç. Belirteçler arasındaki duraklama ve istemin ilk geçişi sayılmaz.</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 yükleniyor…</translation>
    </message>
    <message>
        <source>The current model stays loaded.</source>
        <translation>Şu anki model yüklü kalır.</translation>
    </message>
    <message>
        <source>%1 could not be opened: %2 %3</source>
        <translation>%1 açılamadı: %2 %3</translation>
    </message>
    <message>
        <source>Cannot open the model</source>
        <translation>Model açılamıyor</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; could not be opened:&lt;br&gt;&lt;br&gt;%2&lt;br&gt;&lt;br&gt;%3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; açılamadı:&lt;br&gt;&lt;br&gt;%2&lt;br&gt;&lt;br&gt;%3</translation>
    </message>
    <message>
        <source>The model loaded with warnings</source>
        <translation>Model uyarılarla yüklendi</translation>
    </message>
    <message>
        <source>%1. attnscope goes on with the weights it read when the model was loaded; open the folder again to use the new files.</source>
        <translation>%1. attnscope, model yüklenirken okuduğu ağırlıklarla devam ediyor; yeni dosyaları kullanmak için klasörü yeniden açın.</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>1 step</source>
        <translation>1 adım</translation>
    </message>
    <message>
        <source>%1 steps</source>
        <translation>%1 adım</translation>
    </message>
    <message>
        <source>no other branch</source>
        <translation>başka dal yok</translation>
    </message>
    <message>
        <source>this line (%1)</source>
        <translation>bu hat (%1)</translation>
    </message>
    <message>
        <source>from step %1: “%2” (%3)</source>
        <translation>%1. adımdan: “%2” (%3)</translation>
    </message>
    <message>
        <source>Branch %1: %2 steps, differs from this line from step %3 on</source>
        <translation>Dal %1: %2 adım, %3. adımdan itibaren bu hattan ayrılıyor</translation>
    </message>
    <message>
        <source>%1 · %2 M parameters · %3 layers × %4 heads</source>
        <translation>%1 · %2 M parametre · %3 katman × %4 kafa</translation>
    </message>
    <message>
        <source>position %1 / %2</source>
        <translation>konum %1 / %2</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 belirteç/sn</translation>
    </message>
    <message>
        <source>Opening another model ends</source>
        <translation>Başka bir model açmak şunu bitirir:</translation>
    </message>
    <message>
        <source>Running the edited prompt replaces</source>
        <translation>Düzenlenen istemi çalıştırmak şunun yerini alır:</translation>
    </message>
    <message numerus="yes">
        <source>the text on screen (%n step(s))</source>
        <translation>
            <numerusform>ekrandaki metni (%n adım)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> and its %n branch(es)</source>
        <translation>
            <numerusform> ve %n dalını</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %2. Save them as a workspace first?</source>
        <translation>%1 %2. Önce çalışma alanı olarak kaydedilsin mi?</translation>
    </message>
    <message>
        <source>Save the workspace?</source>
        <translation>Çalışma alanı kaydedilsin mi?</translation>
    </message>
    <message>
        <source>Open a GPT-2 model folder</source>
        <translation>Bir GPT-2 model klasörü açın</translation>
    </message>
    <message>
        <source>%1 (embedded)</source>
        <translation>%1 (gömülü)</translation>
    </message>
    <message>
        <source>The text, its steps and the layout have changed since they were last saved. Save them as a workspace?</source>
        <translation>Metin, adımları ve yerleşim son kayıttan beri değişti. Çalışma alanı olarak kaydedilsin mi?</translation>
    </message>
    <message>
        <source>lesson%1</source>
        <translation>ders%1</translation>
    </message>
    <message>
        <source>Save workspace</source>
        <translation>Çalışma alanını kaydet</translation>
    </message>
    <message>
        <source>attnscope workspace (*.attnscope)</source>
        <translation>attnscope çalışma alanı (*.attnscope)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 kaydedildi</translation>
    </message>
    <message>
        <source>Save failed</source>
        <translation>Kaydetme başarısız</translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>Çalışma alanı aç</translation>
    </message>
    <message>
        <source>attnscope workspace (*.attnscope);;All files (*)</source>
        <translation>attnscope çalışma alanı (*.attnscope);;Tüm dosyalar (*)</translation>
    </message>
    <message>
        <source>Cannot open the workspace</source>
        <translation>Çalışma alanı açılamıyor</translation>
    </message>
    <message>
        <source>Cannot open the workspace %1: %2</source>
        <translation>%1 çalışma alanı açılamıyor: %2</translation>
    </message>
    <message>
        <source>Restore unsaved work?</source>
        <translation>Kaydedilmemiş çalışma geri yüklensin mi?</translation>
    </message>
    <message>
        <source>attnscope did not close cleanly last time. Restore the work saved automatically at %1?</source>
        <translation>attnscope geçen sefer düzgün kapanmadı. %1 zamanında otomatik kaydedilen çalışma geri yüklensin mi?</translation>
    </message>
    <message>
        <source>Cannot restore</source>
        <translation>Geri yüklenemiyor</translation>
    </message>
    <message>
        <source>Where is the model?</source>
        <translation>Model nerede?</translation>
    </message>
    <message>
        <source>The workspace&apos;s model folder
%1
is missing. Locate it?</source>
        <translation>Çalışma alanının model klasörü
%1
bulunamıyor. Yeri gösterilsin mi?</translation>
    </message>
    <message>
        <source>Locate the model folder</source>
        <translation>Model klasörünün yerini gösterin</translation>
    </message>
    <message>
        <source>A different model</source>
        <translation>Farklı bir model</translation>
    </message>
    <message>
        <source>The model in
%1
is not the one this workspace was saved with: its files differ. The steps will be made again with this model, and their numbers will differ.</source>
        <translation>
%1
içindeki model, bu çalışma alanının kaydedildiği model değil: dosyaları farklı. Adımlar bu modelle yeniden yapılacak ve sayıları farklı olacak.</translation>
    </message>
    <message>
        <source>Open with this model</source>
        <translation>Bu modelle aç</translation>
    </message>
    <message>
        <source>Locate another…</source>
        <translation>Başka birini göster…</translation>
    </message>
    <message>
        <source>attnscope — %1</source>
        <translation>attnscope — %1</translation>
    </message>
    <message>
        <source>%1: the model now computes something else than when it was saved (%2 differences):
  %3</source>
        <translation>%1: model artık kaydedildiği zamandakinden farklı hesaplıyor (%2 fark):
  %3</translation>
    </message>
    <message>
        <source>The workspace was not saved: %1</source>
        <translation>Çalışma alanı kaydedilmedi: %1</translation>
    </message>
</context>
<context>
    <name>attnscope::app::PromptEdit</name>
    <message>
        <source>The pasted text would make the prompt %1 characters long; without a model, the prompt box takes %2.</source>
        <translation>Yapıştırılan metin istemi %1 karakter uzunluğunda yapardı; model yokken istem kutusu en çok %2 alır.</translation>
    </message>
    <message>
        <source>Nothing was pasted: %1</source>
        <translation>Hiçbir şey yapıştırılmadı: %1</translation>
    </message>
</context>
<context>
    <name>attnscope::app::ResearchPanels</name>
    <message>
        <source>Step %1 is on screen; the lens is computed again when this panel is shown.</source>
        <translation>%1. adım ekranda; mercek bu panel gösterildiğinde yeniden hesaplanır.</translation>
    </message>
    <message>
        <source>No checkpoint series is installed in %1. tools/export_formation.py writes one from the snapshots of a training run (tools/README.md).</source>
        <translation>%1 içinde kurulu bir kontrol noktası dizisi yok. tools/export_formation.py bir eğitim çalışmasının anlık görüntülerinden bir tane yazar (tools/README.md).</translation>
    </message>
    <message>
        <source>Measuring the checkpoints…</source>
        <translation>Kontrol noktaları ölçülüyor…</translation>
    </message>
    <message>
        <source>The induction-formation series could not be read: %1</source>
        <translation>Tümevarım oluşumu dizisi okunamadı: %1</translation>
    </message>
    <message>
        <source>Generate some text, then press Compute to read every layer through the output head.</source>
        <translation>Biraz metin üretin, sonra her katmanı çıkış katmanından okumak için Hesapla’ya basın.</translation>
    </message>
    <message>
        <source>Generate some text first: the lens reads the residual stream of the step on screen.</source>
        <translation>Önce biraz metin üretin: mercek ekrandaki adımın artık akışını okur.</translation>
    </message>
    <message>
        <source>Computing the logit lens for step %1…</source>
        <translation>%1. adım için logit merceği hesaplanıyor…</translation>
    </message>
    <message>
        <source>Generate some text to score every head on it, or run the diagnostics.</source>
        <translation>Her kafayı üzerinde puanlamak için biraz metin üretin ya da tanılamayı çalıştırın.</translation>
    </message>
    <message numerus="yes">
        <source>the text of step %1 (%n tokens)</source>
        <translation>
            <numerusform>%1. adımın metni (%n belirteç)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 random tokens, repeated once (the diagnostics)</source>
        <translation>bir kez yinelenen %1 rastgele belirteç (tanılama)</translation>
    </message>
    <message>
        <source>Generate some text first: the comparison runs on the step on screen.</source>
        <translation>Önce biraz metin üretin: karşılaştırma ekrandaki adımda çalışır.</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Karşılaştırılıyor…</translation>
    </message>
    <message>
        <source>Running both prompts…</source>
        <translation>İki istem de çalıştırılıyor…</translation>
    </message>
    <message>
        <source>Running the diagnostics: random tokens, repeated…</source>
        <translation>Tanılama çalışıyor: rastgele belirteçler, yinelenmiş…</translation>
    </message>
</context>
<context>
    <name>attnscope::app::TeachingPanels</name>
    <message>
        <source>Generate some text: this view walks through one step of the model, stage by stage, with its real numbers.</source>
        <translation>Biraz metin üretin: bu görünüm modelin bir adımını, aşama aşama, gerçek sayılarıyla gezer.</translation>
    </message>
    <message>
        <source>Generate some text, then pick a token: its path up the stack is drawn here.</source>
        <translation>Biraz metin üretin, sonra bir belirteç seçin: yığında yukarı doğru yolu burada çizilir.</translation>
    </message>
    <message>
        <source>This step was generated with recording off.</source>
        <translation>Bu adım kayıt kapalıyken üretildi.</translation>
    </message>
</context>
<context>
    <name>attnscope::app::WorkspaceManager</name>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 yok.</translation>
    </message>
    <message>
        <source>%1 is not a regular file.</source>
        <translation>%1 normal bir dosya değil.</translation>
    </message>
    <message>
        <source>%1 is %2 MB; a workspace is a few KB.</source>
        <translation>%1 %2 MB; bir çalışma alanı birkaç KB’dir.</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 okunamıyor: %2</translation>
    </message>
    <message>
        <source>The model %1 could not be opened: %2</source>
        <translation>%1 modeli açılamadı: %2</translation>
    </message>
    <message>
        <source>The model in %1 is not the one the workspace was saved with (its files differ).</source>
        <translation>%1 içindeki model, çalışma alanının kaydedildiği model değil (dosyaları farklı).</translation>
    </message>
    <message>
        <source>The workspace could not be written: %1</source>
        <translation>Çalışma alanı yazılamadı: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Pause the generation before opening a workspace.</source>
        <translation>Bir çalışma alanı açmadan önce üretimi duraklatın.</translation>
    </message>
    <message>
        <source>The workspace&apos;s model folder %1 is missing.</source>
        <translation>Çalışma alanının model klasörü %1 bulunamıyor.</translation>
    </message>
    <message>
        <source>%1 was not opened: making its %2 steps again would record %3 positions of %4 (%5 MB), more than the %6 MB this machine has for it now.</source>
        <translation>%1 açılmadı: %2 adımını yeniden yapmak %4 modelinin %3 konumunu kaydederdi (%5 MB); bu, makinenin şu anda ayırabileceği %6 MB’tan fazla.</translation>
    </message>
</context>
<context>
    <name>attnscope::views::AblationBars</name>
    <message>
        <source>probability</source>
        <translation>olasılık</translation>
    </message>
    <message>
        <source>before: all heads on</source>
        <translation>önce: tüm kafalar açık</translation>
    </message>
    <message>
        <source>after: ticked heads off</source>
        <translation>sonra: işaretli kafalar kapalı</translation>
    </message>
</context>
<context>
    <name>attnscope::views::AblationPanel</name>
    <message>
        <source>Tick heads to switch them off, then compare what the model predicts next with and without them.</source>
        <translation>Kapatmak istediğiniz kafaları işaretleyin, sonra modelin onlarla ve onlarsız ne tahmin ettiğini karşılaştırın.</translation>
    </message>
    <message>
        <source>Rows are layers, columns heads. A ticked head&apos;s output is replaced (zeros, or its mean over the text).</source>
        <translation>Satırlar katman, sütunlar kafa. İşaretli bir kafanın çıktısı değiştirilir (sıfırlarla ya da metin üzerindeki ortalamasıyla).</translation>
    </message>
    <message>
        <source>zero ablation</source>
        <translation>sıfır ablasyonu</translation>
    </message>
    <message>
        <source>mean ablation (over the text)</source>
        <translation>ortalama ablasyonu (metin üzerinde)</translation>
    </message>
    <message>
        <source>Zero: the head adds nothing. Mean: the head always adds its average output, so only what depends on this particular text is removed.</source>
        <translation>Sıfır: kafa hiçbir şey eklemez. Ortalama: kafa her zaman ortalama çıktısını ekler; böylece yalnızca bu metne özgü olan çıkarılır.</translation>
    </message>
    <message>
        <source>Compare on this step</source>
        <translation>Bu adımda karşılaştır</translation>
    </message>
    <message>
        <source>Run the text on screen again with the ticked heads off and compare the next-token distributions.</source>
        <translation>Ekrandaki metni işaretli kafalar kapalıyken yeniden çalıştır ve sonraki belirteç dağılımlarını karşılaştır.</translation>
    </message>
    <message>
        <source>Keep generating with these heads off</source>
        <translation>Bu kafalar kapalıyken üretmeye devam et</translation>
    </message>
    <message>
        <source>From the next step on, the model runs with the ticked heads switched off.</source>
        <translation>Sonraki adımdan itibaren model işaretli kafalar kapalı olarak çalışır.</translation>
    </message>
    <message>
        <source>H%1</source>
        <translation>H%1</translation>
    </message>
    <message>
        <source>L%1</source>
        <translation>L%1</translation>
    </message>
    <message>
        <source>layer %1, head %2</source>
        <translation>katman %1, kafa %2</translation>
    </message>
    <message>
        <source>No comparison yet.</source>
        <translation>Henüz karşılaştırma yok.</translation>
    </message>
    <message>
        <source>Open a model first.</source>
        <translation>Önce bir model açın.</translation>
    </message>
    <message>
        <source>Step %1, %2 head(s) off (%3), at temperature %4 as the next-token bars. KL(before ‖ after) = %5 nats.</source>
        <translation>Adım %1, %2 kafa kapalı (%3), sonraki belirteç çubukları gibi %4 sıcaklığında. KL(önce ‖ sonra) = %5 nat.</translation>
    </message>
</context>
<context>
    <name>attnscope::views::AttentionHeatmap</name>
    <message>
        <source>key: the token attended to</source>
        <translation>anahtar: dikkat edilen belirteç</translation>
    </message>
    <message>
        <source>query: the token attending</source>
        <translation>sorgu: dikkat eden belirteç</translation>
    </message>
    <message>
        <source>No step yet. Generate some text to see where each token looks.</source>
        <translation>Henüz adım yok. Her belirtecin nereye baktığını görmek için biraz metin üretin.</translation>
    </message>
    <message>
        <source>Step %1 was generated with recording off, so there is no attention to show.
Turn recording on and generate again.</source>
        <translation>%1. adım kayıt kapalıyken üretildi, bu yüzden gösterilecek dikkat yok.
Kaydı açıp yeniden üretin.</translation>
    </message>
    <message>
        <source>The attention of step %1 could not be read: %2</source>
        <translation>%1. adımın dikkati okunamadı: %2</translation>
    </message>
    <message>
        <source>Layer %1 · Head %2</source>
        <translation>Katman %1 · Kafa %2</translation>
    </message>
    <message>
        <source>Layer %1 · mean of %2 heads</source>
        <translation>Katman %1 · %2 kafanın ortalaması</translation>
    </message>
    <message>
        <source> · switched off in this step (its output was not used)</source>
        <translation> · bu adımda kapalı (çıktısı kullanılmadı)</translation>
    </message>
    <message>
        <source> · this step ran with heads off: %1</source>
        <translation> · bu adım şu kafalar kapalıyken çalıştı: %1</translation>
    </message>
    <message>
        <source>pre-mask score q·k/√d</source>
        <translation>maske öncesi puan q·k/√d</translation>
    </message>
    <message>
        <source>attention probability (log)</source>
        <translation>dikkat olasılığı (log)</translation>
    </message>
    <message>
        <source>attention probability</source>
        <translation>dikkat olasılığı</translation>
    </message>
    <message>
        <source>layer %1, mean of %2 heads
</source>
        <translation>katman %1, %2 kafanın ortalaması
</translation>
    </message>
    <message>
        <source>layer %1, head %2
</source>
        <translation>katman %1, kafa %2
</translation>
    </message>
    <message>
        <source>masked: the key comes after the query, probability 0
</source>
        <translation>maskeli: anahtar sorgudan sonra geliyor, olasılık 0
</translation>
    </message>
    <message>
        <source>mean pre-mask score %1 (dropped by the mask)</source>
        <translation>ortalama maske öncesi puan %1 (maske tarafından atıldı)</translation>
    </message>
    <message>
        <source>pre-mask score %1 (dropped by the mask)</source>
        <translation>maske öncesi puan %1 (maske tarafından atıldı)</translation>
    </message>
    <message>
        <source>mean probability %1
</source>
        <translation>ortalama olasılık %1
</translation>
    </message>
    <message>
        <source>probability %1
</source>
        <translation>olasılık %1
</translation>
    </message>
    <message>
        <source>mean pre-mask score %1</source>
        <translation>ortalama maske öncesi puan %1</translation>
    </message>
    <message>
        <source>pre-mask score %1</source>
        <translation>maske öncesi puan %1</translation>
    </message>
</context>
<context>
    <name>attnscope::views::ComparePromptsView</name>
    <message>
        <source>Prompt A</source>
        <translation>İstem A</translation>
    </message>
    <message>
        <source>Prompt B: where its tokens line up with A&apos;s, the difference is shown</source>
        <translation>İstem B: belirteçlerinin A’nınkilerle hizalandığı yerde fark gösterilir</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Karşılaştır</translation>
    </message>
    <message>
        <source>Run both prompts and show the selected layer and head for each, and A − B</source>
        <translation>İki istemi de çalıştır ve her biri için seçili katman ve kafayı, bir de A − B’yi göster</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>attention (A and B)</source>
        <translation>dikkat (A ve B)</translation>
    </message>
    <message>
        <source>A − B: red A more, blue B more</source>
        <translation>A − B: kırmızı A fazla, mavi B fazla</translation>
    </message>
    <message>
        <source>Two prompts that differ in one place (robot/robots, it/they): press Compare to see how one head&apos;s attention changes.</source>
        <translation>Tek bir yerde farklı iki istem (robot/robots, it/they): bir kafanın dikkatinin nasıl değiştiğini görmek için Karşılaştır’a basın.</translation>
    </message>
    <message>
        <source>mean of the heads</source>
        <translation>kafaların ortalaması</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>kafa %1</translation>
    </message>
    <message>
        <source>Layer %1 · %2. A has %3 tokens, B %4; the difference covers the first %5 positions.</source>
        <translation>Katman %1 · %2. A’da %3 belirteç, B’de %4 var; fark ilk %5 konumu kapsar.</translation>
    </message>
    <message>
        <source> The texts first differ at position %1 (“%2” vs “%3”).</source>
        <translation> Metinler ilk kez %1 konumunda ayrılıyor (“%2” ve “%3”).</translation>
    </message>
</context>
<context>
    <name>attnscope::views::FormationView</name>
    <message>
        <source>tokens seen in training (millions)</source>
        <translation>eğitimde görülen belirteçler (milyon)</translation>
    </message>
    <message>
        <source>loss on the sequence (nats)</source>
        <translation>dizideki kayıp (nat)</translation>
    </message>
    <message>
        <source>best head score</source>
        <translation>en iyi kafa puanı</translation>
    </message>
    <message>
        <source>loss, first copy</source>
        <translation>kayıp, ilk kopya</translation>
    </message>
    <message>
        <source>loss, second copy</source>
        <translation>kayıp, ikinci kopya</translation>
    </message>
    <message>
        <source>previous-token score</source>
        <translation>önceki belirteç puanı</translation>
    </message>
    <message>
        <source>induction score</source>
        <translation>tümevarım puanı</translation>
    </message>
    <message>
        <source>Scrub through the checkpoints taken along the training</source>
        <translation>Eğitim boyunca alınan kontrol noktaları arasında gezinin</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Kontrol noktası</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Kafa</translation>
    </message>
    <message>
        <source>The head whose attention is drawn below</source>
        <translation>Dikkati aşağıda çizilen kafa</translation>
    </message>
    <message>
        <source>key position</source>
        <translation>anahtar konumu</translation>
    </message>
    <message>
        <source>query position</source>
        <translation>sorgu konumu</translation>
    </message>
    <message>
        <source>No series loaded.</source>
        <translation>Yüklü dizi yok.</translation>
    </message>
    <message>
        <source>The series holds no checkpoints.</source>
        <translation>Dizide kontrol noktası yok.</translation>
    </message>
    <message>
        <source>The previous-token head %1 and the induction head %2 form together, by step %3; </source>
        <translation>Önceki belirteç kafası %1 ve tümevarım kafası %2 birlikte, %3. adıma kadar oluşuyor; </translation>
    </message>
    <message>
        <source>The previous-token head %1 forms first (by step %2), the induction head %3 after it (by step %4); </source>
        <translation>Önce önceki belirteç kafası %1 oluşuyor (%2. adıma kadar), ardından tümevarım kafası %3 (%4. adıma kadar); </translation>
    </message>
    <message>
        <source>The induction head %1 forms by step %2, the previous-token head %3 by step %4; </source>
        <translation>Tümevarım kafası %1 %2. adıma kadar, önceki belirteç kafası %3 %4. adıma kadar oluşuyor; </translation>
    </message>
    <message>
        <source>One %1-layer GPT-2 along its training, measured now on %2 random tokens repeated once. %3the induction head looks at the token after the current token&apos;s earlier copy, and as it forms, the loss on the second copy drops below the first&apos;s.</source>
        <translation>Eğitimi boyunca %1 katmanlı bir GPT-2, şimdi bir kez yinelenen %2 rastgele belirteç üzerinde ölçülüyor. %3tümevarım kafası, o anki belirtecin önceki kopyasından sonra gelen belirtece bakar; o oluştukça ikinci kopyadaki kayıp ilkinin altına düşer.</translation>
    </message>
    <message>
        <source>Step %1 (%2 M tokens seen): loss %3 on the first copy, %4 on the second. Best previous-token head %5 (%6), best induction head %7 (%8). Shown: %9, previous-token %10, induction %11.</source>
        <translation>Adım %1 (%2 M belirteç görüldü): ilk kopyada kayıp %3, ikincide %4. En iyi önceki belirteç kafası %5 (%6), en iyi tümevarım kafası %7 (%8). Gösterilen: %9, önceki belirteç %10, tümevarım %11.</translation>
    </message>
</context>
<context>
    <name>attnscope::views::HeadGrid</name>
    <message>
        <source>No step yet. Generate some text to see every head at once.</source>
        <translation>Henüz adım yok. Tüm kafaları bir arada görmek için biraz metin üretin.</translation>
    </message>
    <message>
        <source>Step %1 was generated with recording off, so there is no attention to show.</source>
        <translation>%1. adım kayıt kapalıyken üretildi, bu yüzden gösterilecek dikkat yok.</translation>
    </message>
    <message>
        <source>The attention of step %1 could not be read.</source>
        <translation>%1. adımın dikkati okunamadı.</translation>
    </message>
    <message>
        <source>Computing the attention of every head…</source>
        <translation>Her kafanın dikkati hesaplanıyor…</translation>
    </message>
    <message>
        <source>Every head · step %1 · %2 tokens</source>
        <translation>Tüm kafalar · adım %1 · %2 belirteç</translation>
    </message>
    <message>
        <source>  (updating…)</source>
        <translation>  (güncelleniyor…)</translation>
    </message>
    <message>
        <source>masked (future)</source>
        <translation>maskeli (gelecek)</translation>
    </message>
    <message>
        <source>attention probability (log)</source>
        <translation>dikkat olasılığı (log)</translation>
    </message>
    <message>
        <source>attention probability</source>
        <translation>dikkat olasılığı</translation>
    </message>
    <message>
        <source>, max over the cells a pixel covers</source>
        <translation>, bir pikselin kapsadığı hücrelerin en büyüğü</translation>
    </message>
    <message>
        <source>Layer %1 · Head %2</source>
        <translation>Katman %1 · Kafa %2</translation>
    </message>
    <message>
        <source>
switched off in this step: its pattern is computed, its output was not used</source>
        <translation>
bu adımda kapalı: deseni hesaplanır, çıktısı kullanılmadı</translation>
    </message>
    <message>
        <source>
Click to look at it closely</source>
        <translation>
Yakından bakmak için tıklayın</translation>
    </message>
</context>
<context>
    <name>attnscope::views::HeadScoreGrid</name>
    <message>
        <source>%1 in nats (the scale ends at the highest head)</source>
        <translation>nat cinsinden %1 (ölçek en yüksek kafada biter)</translation>
    </message>
    <message>
        <source>%1 (attention weight)</source>
        <translation>%1 (dikkat ağırlığı)</translation>
    </message>
    <message>
        <source>– not measured: run the diagnostics</source>
        <translation>– ölçülmedi: tanılamayı çalıştırın</translation>
    </message>
    <message>
        <source>– no token repeats</source>
        <translation>– yinelenen belirteç yok</translation>
    </message>
    <message>
        <source>– not measured</source>
        <translation>– ölçülmedi</translation>
    </message>
</context>
<context>
    <name>attnscope::views::HeadScoreModel</name>
    <message>
        <source>layer</source>
        <translation>katman</translation>
    </message>
    <message>
        <source>head</source>
        <translation>kafa</translation>
    </message>
    <message>
        <source>entropy</source>
        <translation>entropi</translation>
    </message>
    <message>
        <source>previous-token</source>
        <translation>önceki belirteç</translation>
    </message>
    <message>
        <source>first-token</source>
        <translation>ilk belirteç</translation>
    </message>
    <message>
        <source>self</source>
        <translation>kendisi</translation>
    </message>
    <message>
        <source>duplicate-token</source>
        <translation>yinelenen belirteç</translation>
    </message>
    <message>
        <source>induction</source>
        <translation>tümevarım</translation>
    </message>
    <message>
        <source>the block the head belongs to, 0 = nearest the input</source>
        <translation>kafanın ait olduğu blok, 0 = girişe en yakın</translation>
    </message>
    <message>
        <source>the head&apos;s index within its layer</source>
        <translation>kafanın katmanındaki sırası</translation>
    </message>
    <message>
        <source>how spread out attention is, in nats: 0 = one key, log(n) = uniform</source>
        <translation>dikkatin ne kadar yayıldığı, nat cinsinden: 0 = tek anahtar, log(n) = tekdüze</translation>
    </message>
    <message>
        <source>mean attention from each token to the one just before it; 1 = always looks one back</source>
        <translation>her belirteçten hemen öncekine ortalama dikkat; 1 = her zaman bir geriye bakar</translation>
    </message>
    <message>
        <source>mean attention on position 0, where many heads park attention they do not need</source>
        <translation>0. konuma ortalama dikkat; birçok kafa gerek duymadığı dikkati buraya bırakır</translation>
    </message>
    <message>
        <source>mean attention from each token to itself; 1 = always looks at its own position</source>
        <translation>her belirtecin kendisine ortalama dikkati; 1 = her zaman kendi konumuna bakar</translation>
    </message>
    <message>
        <source>for tokens that occurred earlier in the text, the attention on those earlier copies</source>
        <translation>metinde daha önce geçen belirteçler için, o önceki kopyalara verilen dikkat</translation>
    </message>
    <message>
        <source>on a repeated random sequence, attention from a token&apos;s second occurrence to the token after its first occurrence (Olsson et al. 2022)</source>
        <translation>yinelenen rastgele bir dizide, bir belirtecin ikinci geçişinden ilk geçişinin ardındaki belirtece dikkat (Olsson vd. 2022)</translation>
    </message>
    <message>
        <source>Layer %1 · Head %2</source>
        <translation>Katman %1 · Kafa %2</translation>
    </message>
    <message>
        <source>not measured: run the diagnostics (repeated random tokens)</source>
        <translation>ölçülmedi: tanılamayı çalıştırın (yinelenen rastgele belirteçler)</translation>
    </message>
    <message>
        <source>not measured: generate some text</source>
        <translation>ölçülmedi: biraz metin üretin</translation>
    </message>
    <message>
        <source>no token repeats in this text</source>
        <translation>bu metinde yinelenen belirteç yok</translation>
    </message>
    <message>
        <source>not defined for a one-token text</source>
        <translation>tek belirteçlik bir metin için tanımsız</translation>
    </message>
    <message>
        <source>Layer %1 · Head %2 · %3 %4%5%6</source>
        <translation>Layer %1 · Head %2 · %3 %4%5%6</translation>
    </message>
    <message>
        <source>
measured on %1</source>
        <translation>
ölçüldüğü yer: %1</translation>
    </message>
    <message>
        <source>%1
measured on %2</source>
        <translation>%1
ölçüldüğü yer: %2</translation>
    </message>
</context>
<context>
    <name>attnscope::views::HeadScoresView</name>
    <message>
        <source>No scores yet. Generate some text, or run the diagnostics, to score every head.</source>
        <translation>Henüz puan yok. Her kafayı puanlamak için biraz metin üretin ya da tanılamayı çalıştırın.</translation>
    </message>
    <message>
        <source>Run diagnostics (repeated random tokens)</source>
        <translation>Tanılamayı çalıştır (yinelenen rastgele belirteçler)</translation>
    </message>
    <message>
        <source>Score the heads on a sequence of random tokens repeated twice: the only way to measure induction</source>
        <translation>Kafaları iki kez yinelenen rastgele bir belirteç dizisinde puanla: tümevarımı ölçmenin tek yolu</translation>
    </message>
    <message>
        <source>Score:</source>
        <translation>Puan:</translation>
    </message>
    <message>
        <source>Text scores: not measured yet (generate some text).</source>
        <translation>Metin puanları: henüz ölçülmedi (biraz metin üretin).</translation>
    </message>
    <message>
        <source>Text scores: on %1.</source>
        <translation>Metin puanları: %1 üzerinde.</translation>
    </message>
    <message>
        <source>Induction: not measured (run the diagnostics).</source>
        <translation>Tümevarım: ölçülmedi (tanılamayı çalıştırın).</translation>
    </message>
    <message>
        <source>Induction: on %1.</source>
        <translation>Tümevarım: %1 üzerinde.</translation>
    </message>
    <message>
        <source>Induction heads (score ≥ %1): %2.</source>
        <translation>Tümevarım kafaları (puan ≥ %1): %2.</translation>
    </message>
    <message>
        <source> Measured on %1.</source>
        <translation> Ölçüldüğü yer: %1.</translation>
    </message>
    <message>
        <source>
Click to look at it closely</source>
        <translation>
Yakından bakmak için tıklayın</translation>
    </message>
</context>
<context>
    <name>attnscope::views::InsideStepView</name>
    <message>
        <source>Previous stage (← or PgUp)</source>
        <translation>Önceki aşama (← ya da PgUp)</translation>
    </message>
    <message>
        <source>Stage %1: %2 (key %1)</source>
        <translation>Aşama %1: %2 (%1 tuşu)</translation>
    </message>
    <message>
        <source>Next stage (→ or PgDn)</source>
        <translation>Sonraki aşama (→ ya da PgDn)</translation>
    </message>
    <message>
        <source>Generate some text: this view walks through one step of the model, stage by stage, with its real numbers.</source>
        <translation>Biraz metin üretin: bu görünüm modelin bir adımını, aşama aşama, gerçek sayılarıyla gezer.</translation>
    </message>
    <message>
        <source>Embed</source>
        <translation>Gömme</translation>
    </message>
    <message>
        <source>q k v</source>
        <translation>q k v</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>Puanlar</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>Maske</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Değerler</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Birleştir</translation>
    </message>
    <message>
        <source>Feed-forward</source>
        <translation>İleri besleme</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Çıkış</translation>
    </message>
    <message>
        <source>Inside one step</source>
        <translation>Bir adımın içi</translation>
    </message>
    <message>
        <source>1. Token embedding + position embedding (S9)</source>
        <translation>1. Belirteç gömmesi + konum gömmesi (S9)</translation>
    </message>
    <message>
        <source>2. Layer norm, then c_attn makes q, k and v; each head takes its slice (S19, S20)</source>
        <translation>2. Katman normu, sonra c_attn q, k ve v’yi üretir; her kafa kendi dilimini alır (S19, S20)</translation>
    </message>
    <message>
        <source>3. Scores: this query against every key, divided by √d (S12, S21)</source>
        <translation>3. Puanlar: bu sorgu her anahtara karşı, √d’ye bölünerek (S12, S21)</translation>
    </message>
    <message>
        <source>4. The causal mask and the softmax (S4, S17)</source>
        <translation>4. Nedensel maske ve softmax (S4, S17)</translation>
    </message>
    <message>
        <source>5. The weighted sum of the values (S15, S16)</source>
        <translation>5. Değerlerin ağırlıklı toplamı (S15, S16)</translation>
    </message>
    <message>
        <source>6. Merge the heads, project with c_proj, add to the residual (S22, S23)</source>
        <translation>6. Kafaları birleştir, c_proj ile izdüşür, artığa ekle (S22, S23)</translation>
    </message>
    <message>
        <source>7. The feed-forward network (S24)</source>
        <translation>7. İleri beslemeli ağ (S24)</translation>
    </message>
    <message>
        <source>8. Final layer norm, one score per vocabulary token, softmax, the choice (S7, S13)</source>
        <translation>8. Son katman normu, sözlükteki her belirteç için bir puan, softmax, seçim (S7, S13)</translation>
    </message>
    <message>
        <source>Token %1 at position %2 · layer %3 · head %4 · step %5 · text of %6 tokens</source>
        <translation>%2 konumundaki %1 belirteci · katman %3 · kafa %4 · adım %5 · %6 belirteçlik metin</translation>
    </message>
    <message>
        <source>The token %1 (id %2) looks up its row of the token-embedding matrix wte, and position %3 looks up its row of the position-embedding matrix wpe. Their sum, %4 numbers, is the vector that enters block 0.</source>
        <translation>%1 belirteci (kimlik %2) belirteç gömme matrisi wte’den kendi satırını, %3 konumu da konum gömme matrisi wpe’den kendi satırını alır. Bunların toplamı olan %4 sayı, 0. bloğa giren vektördür.</translation>
    </message>
    <message>
        <source>Layer norm rescales the vector entering block %1 to mean 0 and variance 1, then applies a learned gain and bias. One matrix multiply (c_attn, %2 → %3) makes the query, key and value at once; head %4 reads its %5-wide slice of each (outlined).</source>
        <translation>Katman normu, %1. bloğa giren vektörü ortalaması 0 ve varyansı 1 olacak biçimde yeniden ölçekler, sonra öğrenilmiş bir kazanç ve sapma uygular. Tek bir matris çarpımı (c_attn, %2 → %3) sorguyu, anahtarı ve değeri birden üretir; %4. kafa her birinden kendi %5 genişliğindeki dilimini okur (çerçeveli).</translation>
    </message>
    <message>
        <source>The query asks “what am I looking for?”, each key says “what do I contain?”. Their dot product, divided by √%1 = %2 so that scores do not grow with the head&apos;s width, is the score. The highest score here goes to %3 at position %4.</source>
        <translation>Sorgu “ne arıyorum?” diye sorar, her anahtar “neyi içeriyorum?” der. Bunların nokta çarpımı, puanlar kafanın genişliğiyle büyümesin diye √%1 = %2 ile bölünür: puan budur. Buradaki en yüksek puan %4 konumundaki %3 belirtecine gider.</translation>
    </message>
    <message>
        <source>A token may only look at itself and the tokens before it. The first matrix holds the scores of the whole text; the second sets every later token&apos;s score (above the diagonal) to −∞; a softmax along each row turns what is left into weights that sum to 1, and −∞ becomes exactly 0 (the third). The outlined row is position %1.</source>
        <translation>Bir belirteç yalnızca kendisine ve kendisinden önceki belirteçlere bakabilir. İlk matris bütün metnin puanlarını tutar; ikincisi sonraki her belirtecin puanını (köşegenin üstünde) −∞ yapar; her satır boyunca bir softmax geriye kalanı toplamı 1 olan ağırlıklara dönüştürür ve −∞ tam olarak 0 olur (üçüncüsü). Çerçeveli satır %1 konumudur.</translation>
    </message>
    <message>
        <source>Each value vector is multiplied by its weight and the results are added: tokens with little weight fade away. Here %1 at position %2 gets the most, %3.</source>
        <translation>Her değer vektörü kendi ağırlığıyla çarpılır ve sonuçlar toplanır: ağırlığı az olan belirteçler silikleşir. Burada en çoğunu, %3, %2 konumundaki %1 alır.</translation>
    </message>
    <message>
        <source> This head was switched off in this step: its output was replaced.</source>
        <translation> Bu kafa bu adımda kapatılmıştı: çıktısı başkasıyla değiştirildi.</translation>
    </message>
    <message>
        <source>The %1 heads&apos; outputs are laid side by side again into one %2-wide vector (head %3&apos;s part outlined). c_proj mixes them, and the result is added to the vector that entered the block: the residual connection.</source>
        <translation>%1 kafanın çıktıları yeniden yan yana dizilerek %2 genişliğinde tek bir vektör olur (%3. kafanın kısmı çerçeveli). c_proj bunları karıştırır ve sonuç bloğa giren vektöre eklenir: artık bağlantı.</translation>
    </message>
    <message>
        <source>The feed-forward network works on this token alone: layer norm, widen to %1 numbers, GELU (negative values squashed towards 0), narrow back to %2, and add to the residual. What leaves block %3 enters the next one.</source>
        <translation>İleri beslemeli ağ yalnızca bu belirteç üzerinde çalışır: katman normu, %1 sayıya genişletme, GELU (negatif değerler 0’a doğru bastırılır), yeniden %2 sayıya daraltma ve artığa ekleme. %3. bloktan çıkan, bir sonrakine girer.</translation>
    </message>
    <message>
        <source>After the last block: the final layer norm, then a dot product with every row of the embedding matrix gives %1 scores (logits), one per vocabulary token. Softmax at temperature %2 makes them probabilities; %3 was chosen, with probability %4.</source>
        <translation>Son bloktan sonra: son katman normu, ardından gömme matrisinin her satırıyla bir nokta çarpımı, sözlükteki her belirteç için bir tane olmak üzere %1 puan (logit) verir. %2 sıcaklığındaki softmax bunları olasılığa çevirir; %4 olasılıkla %3 seçildi.</translation>
    </message>
    <message>
        <source>Every position makes a prediction for the token after it, in the same way: final layer norm, %1 logits, softmax. At position %2 the text&apos;s next token is %3, which the model gave probability %4.</source>
        <translation>Her konum, kendisinden sonraki belirteç için aynı biçimde bir tahmin yapar: son katman normu, %1 logit, softmax. %2 konumunda metnin sonraki belirteci %3; model ona %4 olasılık verdi.</translation>
    </message>
    <message>
        <source>wte[%1] %2</source>
        <translation>wte[%1] %2</translation>
    </message>
    <message>
        <source>wpe[%1]</source>
        <translation>wpe[%1]</translation>
    </message>
    <message>
        <source>sum → block 0</source>
        <translation>toplam → 0. blok</translation>
    </message>
    <message>
        <source>Blue is negative, red positive, white zero; hover a cell for its exact value.</source>
        <translation>Mavi negatif, kırmızı pozitif, beyaz sıfır; tam değeri için bir hücrenin üzerine gelin.</translation>
    </message>
    <message>
        <source>into block %1</source>
        <translation>%1. bloğa giren</translation>
    </message>
    <message>
        <source>ln_1(x)</source>
        <translation>ln_1(x)</translation>
    </message>
    <message>
        <source>c_attn → q ++ k ++ v</source>
        <translation>c_attn → q ++ k ++ v</translation>
    </message>
    <message>
        <source>%1 values</source>
        <translation>%1 değer</translation>
    </message>
    <message>
        <source>Head %1&apos;s slices, cells %2–%3 of each third:</source>
        <translation>%1. kafanın dilimleri, her üçte birin %2–%3 hücreleri:</translation>
    </message>
    <message>
        <source>q (head %1)</source>
        <translation>q (kafa %1)</translation>
    </message>
    <message>
        <source>k (head %1)</source>
        <translation>k (kafa %1)</translation>
    </message>
    <message>
        <source>v (head %1)</source>
        <translation>v (kafa %1)</translation>
    </message>
    <message>
        <source>q %1</source>
        <translation>q %1</translation>
    </message>
    <message>
        <source>k %1</source>
        <translation>k %1</translation>
    </message>
    <message>
        <source>q·k %1 → %2</source>
        <translation>q·k %1 → %2</translation>
    </message>
    <message>
        <source>The %1 keys with the highest scores are listed; %2 more positions score lower.</source>
        <translation>En yüksek puanlı %1 anahtar listelendi; %2 konum daha düşük puan alıyor.</translation>
    </message>
    <message>
        <source>Scores (before the mask)</source>
        <translation>Puanlar (maskeden önce)</translation>
    </message>
    <message>
        <source>Masked: the future is −∞</source>
        <translation>Maskeli: gelecek −∞</translation>
    </message>
    <message>
        <source>After the softmax: weights</source>
        <translation>Softmax’tan sonra: ağırlıklar</translation>
    </message>
    <message>
        <source>Positions %1–%2 of the text&apos;s %3; the softmax still runs over each whole row.</source>
        <translation>Metnin %3 konumundan %1–%2 arası; softmax yine de her satırın tamamı üzerinde çalışır.</translation>
    </message>
    <message>
        <source>v %1</source>
        <translation>v %1</translation>
    </message>
    <message>
        <source>× %1</source>
        <translation>× %1</translation>
    </message>
    <message>
        <source>%1 more positions carry the remaining weight, %2.</source>
        <translation>Kalan ağırlığı, %2, %1 konum daha taşıyor.</translation>
    </message>
    <message>
        <source>= head %1&apos;s output</source>
        <translation>= %1. kafanın çıktısı</translation>
    </message>
    <message>
        <source>heads merged</source>
        <translation>birleştirilmiş kafalar</translation>
    </message>
    <message>
        <source>c_proj: attention adds</source>
        <translation>c_proj: dikkatin eklediği</translation>
    </message>
    <message>
        <source>x + attention</source>
        <translation>x + dikkat</translation>
    </message>
    <message>
        <source>ln_2(x)</source>
        <translation>ln_2(x)</translation>
    </message>
    <message>
        <source>c_fc: widened</source>
        <translation>c_fc: genişletilmiş</translation>
    </message>
    <message>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <source>c_proj: narrowed</source>
        <translation>c_proj: daraltılmış</translation>
    </message>
    <message>
        <source>leaves block %1</source>
        <translation>%1. bloktan çıkan</translation>
    </message>
    <message>
        <source>after the last block</source>
        <translation>son bloktan sonra</translation>
    </message>
    <message>
        <source>ln_f(x)</source>
        <translation>ln_f(x)</translation>
    </message>
    <message>
        <source>logits, by token id</source>
        <translation>logitler, belirteç kimliğine göre</translation>
    </message>
    <message>
        <source>%1 … %2</source>
        <translation>%1 … %2</translation>
    </message>
    <message>
        <source>The best candidates at temperature %1; the chosen one is marked:</source>
        <translation>%1 sıcaklığındaki en iyi adaylar; seçilen işaretli:</translation>
    </message>
    <message>
        <source>The best candidates at temperature 1; the text&apos;s next token is marked:</source>
        <translation>1 sıcaklığındaki en iyi adaylar; metnin sonraki belirteci işaretli:</translation>
    </message>
</context>
<context>
    <name>attnscope::views::KvCacheView</name>
    <message>
        <source>Generate some text: the cache fills with one key and one value column per token and layer.</source>
        <translation>Biraz metin üretin: önbellek her belirteç ve katman için bir anahtar ve bir değer sütunuyla dolar.</translation>
    </message>
    <message>
        <source>Step %1 ran the whole prompt (%2 positions) and filled the cache; nothing could be reused yet.</source>
        <translation>%1. adım istemin tamamını (%2 konum) çalıştırdı ve önbelleği doldurdu; henüz yeniden kullanılabilecek bir şey yoktu.</translation>
    </message>
    <message>
        <source>Step %1 computed the keys and values of %2 (outlined) and reused those of the %3 earlier positions in all %4 layers instead of recomputing them.</source>
        <translation>%1. adım %2 için anahtarları ve değerleri hesapladı (çerçeveli) ve önceki %3 konumunkileri %4 katmanın hepsinde yeniden hesaplamak yerine tekrar kullandı.</translation>
    </message>
    <message>
        <source>1 new position</source>
        <translation>1 yeni konum</translation>
    </message>
    <message>
        <source>%1 new positions</source>
        <translation>%1 yeni konum</translation>
    </message>
    <message>
        <source>The cache holds 2 × %1 layers × %2 positions × %3 = %4 numbers (%5; a full context of %6 would take %7). Block matrices this step: %8 multiply-adds with the cache, %9 without.</source>
        <translation>Önbellek 2 × %1 katman × %2 konum × %3 = %4 sayı tutuyor (%5; %6 konumluk tam bir bağlam %7 tutardı). Bu adımdaki blok matrisleri: önbellekle %8 çarp-topla, önbelleksiz %9.</translation>
    </message>
    <message>
        <source>layer %1 values</source>
        <translation>katman %1 değerleri</translation>
    </message>
    <message>
        <source>layer %1 keys</source>
        <translation>katman %1 anahtarları</translation>
    </message>
    <message>
        <source>computed in this step</source>
        <translation>bu adımda hesaplandı</translation>
    </message>
    <message>
        <source>reused from the cache</source>
        <translation>önbellekten yeniden kullanıldı</translation>
    </message>
    <message>
        <source>layer %1 %2 of ‘%3’ (position %4), %5
dimension %6 = %7</source>
        <translation>katman %1, ‘%3’ belirtecinin %2 vektörü (konum %4), %5
boyut %6 = %7</translation>
    </message>
    <message>
        <source>value</source>
        <translation>değer</translation>
    </message>
    <message>
        <source>key</source>
        <translation>anahtar</translation>
    </message>
</context>
<context>
    <name>attnscope::views::LogitLensModel</name>
    <message>
        <source>%1 at position %2 (&quot;%3&quot;):</source>
        <translation>%2 konumunda %1 (&quot;%3&quot;):</translation>
    </message>
    <message>
        <source>position %1: what the text predicts after this token</source>
        <translation>konum %1: metnin bu belirteçten sonra tahmin ettiği</translation>
    </message>
    <message>
        <source>the token and position embeddings, before any block</source>
        <translation>belirteç ve konum gömmeleri, hiçbir bloktan önce</translation>
    </message>
    <message>
        <source>the residual stream after block %1</source>
        <translation>%1. bloktan sonraki artık akış</translation>
    </message>
    <message>
        <source>embeddings</source>
        <translation>gömmeler</translation>
    </message>
    <message>
        <source>block %1 (output)</source>
        <translation>%1. blok (çıkış)</translation>
    </message>
    <message>
        <source>after block %1</source>
        <translation>%1. bloktan sonra</translation>
    </message>
</context>
<context>
    <name>attnscope::views::LogitLensView</name>
    <message>
        <source>Compute for this step</source>
        <translation>Bu adım için hesapla</translation>
    </message>
    <message>
        <source>Read every layer&apos;s residual stream through the final layer norm and the output head (the &quot;logit lens&quot;): which token would the model predict if it stopped there?</source>
        <translation>Her katmanın artık akışını son katman normu ve çıkış katmanından geçirerek oku (&quot;logit merceği&quot;): model orada dursaydı hangi belirteci tahmin ederdi?</translation>
    </message>
    <message>
        <source>The logit lens shows, for every layer and position, the token that layer&apos;s residual stream would predict. Generate some text, then press Compute.</source>
        <translation>Logit merceği, her katman ve konum için o katmanın artık akışının tahmin edeceği belirteci gösterir. Biraz metin üretin, sonra Hesapla’ya basın.</translation>
    </message>
    <message>
        <source>Step %1: each cell is the most probable next token read from that layer (colour: its probability). The bottom row is the model&apos;s real prediction.</source>
        <translation>Adım %1: her hücre o katmandan okunan en olası sonraki belirteçtir (renk: olasılığı). En alt satır modelin gerçek tahminidir.</translation>
    </message>
</context>
<context>
    <name>attnscope::views::ModelAnatomyView</name>
    <message>
        <source>tensor</source>
        <translation>tensör</translation>
    </message>
    <message>
        <source>shape</source>
        <translation>biçim</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>parametre</translation>
    </message>
    <message>
        <source>Every weight of the model as stored in model.safetensors (Conv1D weights are [in, out]).</source>
        <translation>Modelin model.safetensors içinde saklandığı biçimiyle her ağırlığı (Conv1D ağırlıkları [giriş, çıkış]).</translation>
    </message>
    <message>
        <source>Open a model to see every weight it has.</source>
        <translation>Tüm ağırlıklarını görmek için bir model açın.</translation>
    </message>
    <message>
        <source>%1: shape %2, stored as %3, %4 parameters</source>
        <translation>%1: biçim %2, %3 olarak saklanmış, %4 parametre</translation>
    </message>
    <message>
        <source>%1: %2 parameters in %3 tensors — %4 blocks × %5 heads, %6 wide, %7 positions, %8 tokens. %9</source>
        <translation>%1: %3 tensörde %2 parametre — %4 blok × %5 kafa, %6 genişlik, %7 konum, %8 belirteç. %9</translation>
    </message>
    <message>
        <source>The output head reuses wte (tied), so it is counted once.</source>
        <translation>Çıkış katmanı wte’yi yeniden kullanır (bağlı), bu yüzden bir kez sayılır.</translation>
    </message>
    <message>
        <source>The output head has its own lm_head.weight.</source>
        <translation>Çıkış katmanının kendi lm_head.weight’i var.</translation>
    </message>
    <message>
        <source>block %1</source>
        <translation>blok %1</translation>
    </message>
    <message>
        <source>embeddings</source>
        <translation>gömmeler</translation>
    </message>
    <message>
        <source>final layer norm</source>
        <translation>son katman normu</translation>
    </message>
    <message>
        <source>output head</source>
        <translation>çıkış katmanı</translation>
    </message>
</context>
<context>
    <name>attnscope::views::ModelStackPicture</name>
    <message>
        <source>%1: %2 blocks, %3 wide</source>
        <translation>%1: %2 blok, %3 genişlik</translation>
    </message>
    <message>
        <source>wte + wpe</source>
        <translation>wte + wpe</translation>
    </message>
    <message>
        <source>block %1</source>
        <translation>blok %1</translation>
    </message>
    <message>
        <source>ln_f, head</source>
        <translation>ln_f, çıkış</translation>
    </message>
</context>
<context>
    <name>attnscope::views::ProbabilityBars</name>
    <message>
        <source>probability</source>
        <translation>olasılık</translation>
    </message>
    <message>
        <source>No step yet: the next-token candidates appear here.</source>
        <translation>Henüz adım yok: sonraki belirteç adayları burada görünür.</translation>
    </message>
    <message>
        <source>greedy (T = 1)</source>
        <translation>açgözlü (T = 1)</translation>
    </message>
    <message>
        <source>sampled at T = %1</source>
        <translation>T = %1 ile örneklendi</translation>
    </message>
    <message>
        <source>Next token after “%1” (step %2): %3</source>
        <translation>“%1” sonrasındaki belirteç (adım %2): %3</translation>
    </message>
    <message>
        <source>chosen: “%1” (%2)</source>
        <translation>seçilen: “%1” (%2)</translation>
    </message>
    <message>
        <source>ids %1–%2 pad the vocabulary and have no text: masked (p = 0, never chosen)</source>
        <translation>%1–%2 kimlikleri sözlüğü doldurur ve metinleri yoktur: maskeli (p = 0, hiç seçilmez)</translation>
    </message>
    <message>
        <source>raw logits: only their differences matter to the softmax</source>
        <translation>ham logitler: softmax için yalnızca farkları önemlidir</translation>
    </message>
    <message>
        <source>preview at T = %1, renormalised over the %2 shown candidates</source>
        <translation>T = %1 ile önizleme, gösterilen %2 aday üzerinde yeniden normalize edildi</translation>
    </message>
    <message>
        <source>logit</source>
        <translation>logit</translation>
    </message>
    <message>
        <source>probability (preview, renormalised over the shown)</source>
        <translation>olasılık (önizleme, gösterilenler üzerinde yeniden normalize)</translation>
    </message>
    <message>
        <source>top-k = %1 cut</source>
        <translation>top-k = %1 kesmesi</translation>
    </message>
    <message>
        <source>top-p = %1 cut</source>
        <translation>top-p = %1 kesmesi</translation>
    </message>
    <message>
        <source>This step recorded no candidates.</source>
        <translation>Bu adım hiç aday kaydetmedi.</translation>
    </message>
    <message>
        <source>, top-k %1</source>
        <translation>, top-k %1</translation>
    </message>
    <message>
        <source>, top-p %1</source>
        <translation>, top-p %1</translation>
    </message>
    <message>
        <source>, not among the %1 shown</source>
        <translation>, gösterilen %1 aday arasında değil</translation>
    </message>
    <message>
        <source>; top-p is reached beyond the %1 shown</source>
        <translation>; top-p gösterilen %1 adayın ötesinde doluyor</translation>
    </message>
    <message>
        <source>; pale bars are cut, never drawn</source>
        <translation>; soluk çubuklar kesilir, hiç çekilmez</translation>
    </message>
    <message>
        <source>(the top-p cut needs the whole vocabulary: not previewed)</source>
        <translation>(top-p kesmesi tüm sözlüğü gerektirir: önizlenmedi)</translation>
    </message>
    <message>
        <source>  ◀ chosen</source>
        <translation>  ◀ seçilen</translation>
    </message>
    <message>
        <source>“%1”   id %2
rank %3 of %4 shown
probability %5 at T = %6
logit %7</source>
        <translation>“%1”   kimlik %2
gösterilen %4 adayın %3. sırası
T = %6 ile olasılık %5
logit %7</translation>
    </message>
    <message>
        <source>
preview at T = %1: %2 of the shown</source>
        <translation>
T = %1 ile önizleme: gösterilenlerin %2 kadarı</translation>
    </message>
    <message>
        <source>
chosen (%1)</source>
        <translation>
seçildi (%1)</translation>
    </message>
    <message>
        <source>
cut by top-k / top-p: sampling could not draw it</source>
        <translation>
top-k / top-p ile kesildi: örnekleme onu çekemezdi</translation>
    </message>
    <message>
        <source>
click to continue with this token instead</source>
        <translation>
bunun yerine bu belirteçle devam etmek için tıklayın</translation>
    </message>
    <message>
        <source>greedy</source>
        <translation>açgözlü</translation>
    </message>
    <message>
        <source>sampled</source>
        <translation>örneklendi</translation>
    </message>
    <message>
        <source>forced</source>
        <translation>dayatıldı</translation>
    </message>
</context>
<context>
    <name>attnscope::views::TokenPathView</name>
    <message>
        <source>Generate some text, then pick a token: its path up the stack is drawn here.</source>
        <translation>Biraz metin üretin, sonra bir belirteç seçin: yığında yukarı doğru yolu burada çizilir.</translation>
    </message>
    <message>
        <source> The text&apos;s next token is %1.</source>
        <translation> Metnin sonraki belirteci %1.</translation>
    </message>
    <message>
        <source>%1 at position %2, from the embeddings (bottom) up through every block. Grey: the size |x| of the vector entering the block; blue: what attention added; orange: what the feed-forward network added. Right: what the vector would predict if read out here (logit lens).%3</source>
        <translation>%2 konumundaki %1, gömmelerden (altta) başlayarak her bloktan yukarı. Gri: bloğa giren vektörün büyüklüğü |x|; mavi: dikkatin eklediği; turuncu: ileri beslemeli ağın eklediği. Sağda: vektör burada okunsaydı neyi tahmin ederdi (logit merceği).%3</translation>
    </message>
    <message>
        <source>after the last block</source>
        <translation>son bloktan sonra</translation>
    </message>
    <message>
        <source>into block 0 (embeddings)</source>
        <translation>0. bloğa giren (gömmeler)</translation>
    </message>
    <message>
        <source>into block %1</source>
        <translation>%1. bloğa giren</translation>
    </message>
    <message>
        <source>After the last block
|x| = %1</source>
        <translation>Son bloktan sonra
|x| = %1</translation>
    </message>
    <message>
        <source>Entering block %1
|x| = %2
attention added a vector of size %3
the feed-forward network added %4</source>
        <translation>%1. bloğa girerken
|x| = %2
dikkat %3 büyüklüğünde bir vektör ekledi
ileri beslemeli ağ %4 ekledi</translation>
    </message>
    <message>
        <source>
read out here:</source>
        <translation>
burada okunursa:</translation>
    </message>
</context>
<context>
    <name>attnscope::views::TokenPaths</name>
    <message>
        <source>No step to show yet: generate some text to see where each token looks.</source>
        <translation>Henüz gösterilecek adım yok: her belirtecin nereye baktığını görmek için biraz metin üretin.</translation>
    </message>
    <message>
        <source>This record has no attention to draw.</source>
        <translation>Bu kayıtta çizilecek dikkat yok.</translation>
    </message>
    <message>
        <source>key %1 “%2”   id %3</source>
        <translation>anahtar %1 “%2”   kimlik %3</translation>
    </message>
    <message>
        <source>query %1 “%2”   id %3
click to select it</source>
        <translation>sorgu %1 “%2”   kimlik %3
seçmek için tıklayın</translation>
    </message>
    <message>
        <source>Layer %1 · where query %2 “%3” looks</source>
        <translation>Katman %1 · %2. sorgu “%3” nereye bakıyor</translation>
    </message>
    <message>
        <source>queries</source>
        <translation>sorgular</translation>
    </message>
    <message>
        <source>keys</source>
        <translation>anahtarlar</translation>
    </message>
    <message>
        <source>▲ %1% above</source>
        <translation>▲ yukarıda %%1</translation>
    </message>
    <message>
        <source>
after query %1: masked, a token cannot look at the future</source>
        <translation>
%1. sorgudan sonra: maskeli, bir belirteç geleceğe bakamaz</translation>
    </message>
    <message>
        <source>
attention from query %1 “%2”, layer %3:</source>
        <translation>
%1. sorgu “%2” kaynaklı dikkat, katman %3:</translation>
    </message>
    <message>
        <source>
  head %1: %2</source>
        <translation>
  kafa %1: %2</translation>
    </message>
    <message>
        <source>%1% of query %2&apos;s attention goes to keys 0–%3, scrolled out of view above.
Click to scroll to the strongest of them (key %4).</source>
        <translation>%2. sorgunun dikkatinin %%1 kadarı, yukarıda görünüm dışına kaymış 0–%3 anahtarlarına gidiyor.
En güçlüsüne (anahtar %4) kaydırmak için tıklayın.</translation>
    </message>
    <message>
        <source> (hover; click to select)</source>
        <translation> (üzerinde; seçmek için tıklayın)</translation>
    </message>
</context>
<context>
    <name>attnscope::views::TokenStrip</name>
    <message>
        <source>greedy (the most probable)</source>
        <translation>açgözlü (en olası)</translation>
    </message>
    <message>
        <source>sampled</source>
        <translation>örneklendi</translation>
    </message>
    <message>
        <source>forced by the user</source>
        <translation>kullanıcı tarafından dayatıldı</translation>
    </message>
    <message>
        <source>forced by the user; not among the recorded candidates, so its probability is not known</source>
        <translation>kullanıcı tarafından dayatıldı; kaydedilen adaylar arasında değil, bu yüzden olasılığı bilinmiyor</translation>
    </message>
    <message>
        <source>forced by the user; the model gave it probability %1</source>
        <translation>kullanıcı tarafından dayatıldı; model ona %1 olasılık verdi</translation>
    </message>
    <message>
        <source>chosen next: “%1”   id %2
%3 with probability %4
it enters the text (position %5) at the next step</source>
        <translation>sonraki seçilen: “%1”   kimlik %2
%4 olasılıkla %3
sonraki adımda metne girer (konum %5)</translation>
    </message>
    <message>
        <source>prompt</source>
        <translation>istem</translation>
    </message>
    <message>
        <source>generated (bar: its probability when chosen)</source>
        <translation>üretilen (çubuk: seçildiğindeki olasılığı)</translation>
    </message>
    <message>
        <source>forced</source>
        <translation>dayatılan</translation>
    </message>
    <message>
        <source>selected query</source>
        <translation>seçili sorgu</translation>
    </message>
    <message>
        <source>newest</source>
        <translation>en yeni</translation>
    </message>
    <message>
        <source>chosen with heads off</source>
        <translation>kafalar kapalıyken seçildi</translation>
    </message>
    <message>
        <source>No text yet: type a prompt and generate.</source>
        <translation>Henüz metin yok: bir istem yazın ve üretin.</translation>
    </message>
    <message>
        <source>“%1”   id %2
position %3</source>
        <translation>“%1”   kimlik %2
konum %3</translation>
    </message>
    <message>
        <source> · prompt token</source>
        <translation> · istem belirteci</translation>
    </message>
    <message>
        <source> · generated, chosen at step %1
</source>
        <translation> · üretildi, %1. adımda seçildi
</translation>
    </message>
    <message>
        <source>%1; probability not known</source>
        <translation>%1; olasılık bilinmiyor</translation>
    </message>
    <message>
        <source>%1 with probability %2</source>
        <translation>%2 olasılıkla %1</translation>
    </message>
    <message>
        <source>
chosen with heads switched off: %1</source>
        <translation>
şu kafalar kapalıyken seçildi: %1</translation>
    </message>
    <message>
        <source>
the newest token</source>
        <translation>
en yeni belirteç</translation>
    </message>
    <message>
        <source>
the selected query</source>
        <translation>
seçili sorgu</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>a prompt of at most %1 bytes (%2 tokens of at most %3 bytes fill the model&apos;s context)</source>
        <translation>en fazla %1 baytlık bir istem (her biri en fazla %3 bayt olan %2 belirteç modelin bağlam penceresini doldurur)</translation>
    </message>
    <message>
        <source>%1: the file is %2, expected an object</source>
        <translation>%1: dosya %2, bir nesne bekleniyordu</translation>
    </message>
    <message>
        <source>%1: field &quot;%2&quot; is %3, expected an object</source>
        <translation>%1: &quot;%2&quot; alanı %3, bir nesne bekleniyordu</translation>
    </message>
    <message>
        <source>%1: missing field &quot;%2&quot;</source>
        <translation>%1: &quot;%2&quot; alanı eksik</translation>
    </message>
    <message>
        <source>is %1, expected an integer</source>
        <translation>%1; bir tamsayı bekleniyordu</translation>
    </message>
    <message>
        <source>is %1, expected %2..%3</source>
        <translation>%1; %2..%3 bekleniyordu</translation>
    </message>
    <message>
        <source>is %1, expected a non-negative integer</source>
        <translation>%1; negatif olmayan bir tamsayı bekleniyordu</translation>
    </message>
    <message>
        <source>is %1, expected a number</source>
        <translation>%1; bir sayı bekleniyordu</translation>
    </message>
    <message>
        <source>is %1, expected true or false</source>
        <translation>%1; true ya da false bekleniyordu</translation>
    </message>
    <message>
        <source>is %1, expected a string</source>
        <translation>%1; bir dize bekleniyordu</translation>
    </message>
    <message>
        <source>is longer than %1 bytes</source>
        <translation>%1 bayttan uzun</translation>
    </message>
    <message>
        <source>is %1, expected an array</source>
        <translation>%1; bir dizi bekleniyordu</translation>
    </message>
    <message>
        <source>has %1 entries, at most %2 are allowed</source>
        <translation>%1 öğe içeriyor; en fazla %2 öğeye izin veriliyor</translation>
    </message>
    <message>
        <source>%1: field &quot;%2&quot; %3</source>
        <translation>%1: &quot;%2&quot; alanı %3</translation>
    </message>
    <message>
        <source>is &quot;%1&quot;, expected &quot;greedy&quot;, &quot;sampled&quot; or &quot;forced&quot;</source>
        <translation>&quot;%1&quot;; &quot;greedy&quot;, &quot;sampled&quot; ya da &quot;forced&quot; bekleniyordu</translation>
    </message>
    <message>
        <source>entry %1 is not a finite number</source>
        <translation>içindeki %1 numaralı öğe sonlu bir sayı değil</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MiB; a workspace is a few KB</source>
        <translation>%1: dosya %2 MiB sınırını aşıyor; bir çalışma alanı yalnızca birkaç KB olur</translation>
    </message>
    <message>
        <source>nests deeper than a workspace does (%1 levels)</source>
        <translation>bir çalışma alanında olabileceğinden daha derin iç içe yapı içeriyor (%1 düzey)</translation>
    </message>
    <message>
        <source>holds more than %1 values, more than a workspace can</source>
        <translation>%1 değerden fazlasını içeriyor; bu, bir çalışma alanının içerebileceğinden fazla</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: not valid JSON (%2)</source>
        <translation>%1: geçerli JSON değil (%2)</translation>
    </message>
    <message>
        <source>%1: not an attnscope workspace (field &quot;format&quot; must be &quot;%2&quot;)</source>
        <translation>%1: bir attnscope çalışma alanı değil (&quot;format&quot; alanı &quot;%2&quot; olmalı)</translation>
    </message>
    <message>
        <source>%1: written by a newer attnscope (workspace version %2); this one reads version %3</source>
        <translation>%1: daha yeni bir attnscope ile yazılmış (çalışma alanı sürümü %2); bu attnscope ise %3 sürümünü okuyor</translation>
    </message>
    <message>
        <source>entry %1 is not a token id (expected an integer 0..%2)</source>
        <translation>içindeki %1 numaralı öğe bir belirteç kimliği değil (0..%2 aralığında bir tamsayı bekleniyordu)</translation>
    </message>
    <message>
        <source>is empty, but there are steps made from a prompt</source>
        <translation>boş, ama bir istemden üretilmiş adımlar var</translation>
    </message>
    <message>
        <source>is not a non-empty array of steps</source>
        <translation>boş olmayan bir adım dizisi değil</translation>
    </message>
    <message>
        <source>is a branch, but the timeline has no steps</source>
        <translation>bir dal, ama zaman çizelgesinde hiç adım yok</translation>
    </message>
    <message>
        <source>makes more than %1 steps in all</source>
        <translation>toplam adım sayısını %1 sınırının üstüne çıkarıyor</translation>
    </message>
    <message>
        <source>is &quot;%1&quot;, expected &quot;zero&quot; or &quot;mean&quot;</source>
        <translation>&quot;%1&quot;; &quot;zero&quot; ya da &quot;mean&quot; bekleniyordu</translation>
    </message>
    <message>
        <source>entry %1 is not a [layer, head] pair of small non-negative integers</source>
        <translation>içindeki %1 numaralı öğe, küçük ve negatif olmayan tamsayılardan oluşan bir [layer, head] çifti değil</translation>
    </message>
    <message>
        <source>mean ablation needs a step recorded with recording on</source>
        <translation>ortalama ablasyon, kayıt açıkken kaydedilmiş bir adım gerektirir</translation>
    </message>
    <message>
        <source>the logit lens needs a step recorded with recording on</source>
        <translation>logit merceği, kayıt açıkken kaydedilmiş bir adım gerektirir</translation>
    </message>
    <message>
        <source>%1: %2 (%3); the previous file is unchanged</source>
        <translation>%1: %2 (%3); önceki dosya değişmedi</translation>
    </message>
    <message>
        <source>cannot be written: no temporary file can be made in its folder</source>
        <translation>yazılamıyor: bulunduğu klasörde geçici bir dosya oluşturulamıyor</translation>
    </message>
    <message>
        <source>%1: is a folder, not a file; nothing was written</source>
        <translation>%1: bir dosya değil, bir klasör; hiçbir şey yazılmadı</translation>
    </message>
    <message>
        <source>cannot be written</source>
        <translation>yazılamıyor</translation>
    </message>
    <message>
        <source>could not be written</source>
        <translation>yazılamadı</translation>
    </message>
    <message>
        <source>could not be written to the disk</source>
        <translation>diske yazılamadı</translation>
    </message>
    <message>
        <source>could not replace the file</source>
        <translation>mevcut dosyanın yerine konulamadı</translation>
    </message>
    <message>
        <source>missing field &quot;%1&quot; (expected an integer)</source>
        <translation>&quot;%1&quot; alanı eksik (bir tamsayı bekleniyordu)</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; is %2, expected an integer</source>
        <translation>&quot;%1&quot; alanı %2, bir tamsayı bekleniyordu</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; is %2, expected %3..%4</source>
        <translation>&quot;%1&quot; alanı %2, %3..%4 bekleniyordu</translation>
    </message>
    <message>
        <source>field &quot;activation_function&quot; is &quot;%1&quot;, expected one of %2</source>
        <translation>&quot;activation_function&quot; alanı &quot;%1&quot;, şunlardan biri bekleniyordu: %2</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; is %2, expected true or false</source>
        <translation>&quot;%1&quot; alanı %2, true ya da false bekleniyordu</translation>
    </message>
    <message>
        <source>not valid JSON (%1)</source>
        <translation>geçerli JSON değil (%1)</translation>
    </message>
    <message>
        <source>expected a JSON object, found %1</source>
        <translation>bir JSON nesnesi bekleniyordu, %1 bulundu</translation>
    </message>
    <message>
        <source>field &quot;model_type&quot; is &quot;%1&quot;, expected &quot;gpt2&quot; (attnscope runs the GPT-2 architecture)</source>
        <translation>&quot;model_type&quot; alanı &quot;%1&quot;, &quot;gpt2&quot; bekleniyordu (attnscope GPT-2 mimarisini çalıştırır)</translation>
    </message>
    <message>
        <source>n_embd (%1) is not divisible by n_head (%2): every head must get the same width</source>
        <translation>n_embd (%1), n_head (%2) değerine tam bölünmüyor: her kafa aynı genişliği almalı</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; is not a number</source>
        <translation>&quot;%1&quot; alanı bir sayı değil</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be in (0, 1)</source>
        <translation>&quot;%1&quot; alanı (0, 1) aralığında olmalı</translation>
    </message>
    <message>
        <source>field &quot;layer_norm_epsilon&quot; is %1, which a float rounds to %2; expected a value in (0, 1) that a float holds (%3 or more)</source>
        <translation>&quot;layer_norm_epsilon&quot; alanı %1, ama float türünde bu değer %2 olarak yuvarlanıyor; (0, 1) aralığında, float türünde gösterilebilen bir değer (%3 ya da daha büyük) bekleniyordu</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; is not a string</source>
        <translation>&quot;%1&quot; alanı bir dize değil</translation>
    </message>
    <message>
        <source>a small JSON file of at most 1 MiB</source>
        <translation>en fazla 1 MiB boyutunda küçük bir JSON dosyası</translation>
    </message>
    <message>
        <source>step %1 was generated with recording off: it has no attention to export</source>
        <translation>%1. adım kayıt kapalıyken üretildi: dışa aktarılacak dikkat verisi yok</translation>
    </message>
    <message>
        <source>layer %1 is out of range: the model has layers 0..%2</source>
        <translation>katman %1 aralık dışında: modelin katmanları 0..%2</translation>
    </message>
    <message>
        <source>head %1 is out of range: the model has heads 0..%2 (or the mean)</source>
        <translation>kafa %1 aralık dışında: modelin kafaları 0..%2 (ya da ortalama)</translation>
    </message>
    <message>
        <source>hashing the model&apos;s files was cancelled</source>
        <translation>model dosyalarının karma değerlerinin hesaplanması iptal edildi</translation>
    </message>
    <message>
        <source>missing field &quot;%1&quot;</source>
        <translation>&quot;%1&quot; alanı eksik</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be a non-negative integer</source>
        <translation>&quot;%1&quot; alanı negatif olmayan bir tamsayı olmalı</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be &quot;%2&quot;</source>
        <translation>&quot;%1&quot; alanı &quot;%2&quot; olmalı</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be %2</source>
        <translation>&quot;%1&quot; alanı %2 olmalı</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; must be a non-empty list</source>
        <translation>&quot;%1&quot; alanı boş olmayan bir liste olmalı</translation>
    </message>
    <message>
        <source>more than %1 checkpoints</source>
        <translation>%1 taneden fazla kontrol noktası var</translation>
    </message>
    <message>
        <source>checkpoints[%1] must be an object</source>
        <translation>checkpoints[%1] bir nesne olmalı</translation>
    </message>
    <message>
        <source>field &quot;checkpoints[%1].folder&quot; must be a string</source>
        <translation>&quot;checkpoints[%1].folder&quot; alanı bir dize olmalı</translation>
    </message>
    <message>
        <source>field &quot;checkpoints[%1].folder&quot; must name a folder beside formation.json</source>
        <translation>&quot;checkpoints[%1].folder&quot; alanı, formation.json dosyasının yanındaki bir klasörün adı olmalı</translation>
    </message>
    <message>
        <source>checkpoints must be in training order (step %1 after %2)</source>
        <translation>kontrol noktaları eğitim sırasına göre dizilmeli (adım %1, adım %2 ardından geliyor)</translation>
    </message>
    <message>
        <source>%1: has another shape or vocabulary than %2 (a series is one model along its training)</source>
        <translation>%1: biçimi ya da sözlüğü %2 klasöründeki modelinkinden farklı (bir dizi, eğitimi boyunca tek bir modeldir)</translation>
    </message>
    <message>
        <source>cannot switch off layer %1 head %2: the model has %3 layers of %4 heads</source>
        <translation>katman %1 kafa %2 kapatılamıyor: modelde her biri %4 kafalı %3 katman var</translation>
    </message>
    <message>
        <source>a mean-ablation vector must have head_dim = %1 values</source>
        <translation>bir ortalama ablasyon vektörü head_dim = %1 değer içermeli</translation>
    </message>
    <message>
        <source>a %1 KV cache needs a model stored in %1; this one is stored in %2</source>
        <translation>%1 KV önbelleği %1 olarak saklanmış bir model gerektirir; bu model %2 olarak saklanmış</translation>
    </message>
    <message>
        <source>cannot go back to length %1: the cache holds %2 positions</source>
        <translation>%1 uzunluğuna geri dönülemiyor: önbellek %2 konum tutuyor</translation>
    </message>
    <message>
        <source>cannot restore %1 positions: the context window holds %2</source>
        <translation>%1 konum geri yüklenemiyor: bağlam penceresi %2 konum alıyor</translation>
    </message>
    <message>
        <source>cannot restore the cache: recorded position %1 is missing, out of order or from a model of another shape</source>
        <translation>önbellek geri yüklenemiyor: kaydedilmiş konum %1 eksik, sırası yanlış ya da başka biçimde bir modele ait</translation>
    </message>
    <message>
        <source>forward pass over no tokens</source>
        <translation>ileri geçiş için hiç belirteç yok</translation>
    </message>
    <message>
        <source>the text would be %1 tokens long, but the model&apos;s context window holds %2</source>
        <translation>metin %1 belirteç uzunluğunda olacaktı, ama modelin bağlam penceresi %2 belirteç alıyor</translation>
    </message>
    <message>
        <source>token id %1 is outside the vocabulary (0..%2)</source>
        <translation>belirteç kimliği %1 sözlüğün dışında (0..%2)</translation>
    </message>
    <message>
        <source>the forward pass was cancelled</source>
        <translation>ileri geçiş iptal edildi</translation>
    </message>
    <message>
        <source>loading %1 was cancelled</source>
        <translation>%1 klasörünün yüklenmesi iptal edildi</translation>
    </message>
    <message>
        <source>expected a GPT-2 model folder with config.json, model.safetensors, vocab.json and merges.txt</source>
        <translation>config.json, model.safetensors, vocab.json ve merges.txt içeren bir GPT-2 model klasörü bekleniyordu</translation>
    </message>
    <message>
        <source>reading config.json</source>
        <translation>config.json okunuyor</translation>
    </message>
    <message>
        <source>reading the tokenizer</source>
        <translation>belirteçleyici okunuyor</translation>
    </message>
    <message>
        <source>%1: vocab_size is %2 but the tokenizer has %3 tokens</source>
        <translation>%1: vocab_size %2, ama belirteçleyicide %3 belirteç var</translation>
    </message>
    <message>
        <source>%1: vocab_size is %2 but the tokenizer (GPT-2&apos;s own, as the folder has none) has %3 tokens</source>
        <translation>%1: vocab_size %2, ama belirteçleyicide (klasörde belirteçleyici olmadığı için GPT-2’nin kendi belirteçleyicisi) %3 belirteç var</translation>
    </message>
    <message>
        <source>%1: missing (attnscope reads the safetensors format; convert a pytorch_model.bin with Hugging Face&apos;s tools first)</source>
        <translation>%1: eksik (attnscope safetensors biçimini okur; bir pytorch_model.bin dosyasını önce Hugging Face araçlarıyla dönüştürün)</translation>
    </message>
    <message>
        <source>reading model.safetensors</source>
        <translation>model.safetensors okunuyor</translation>
    </message>
    <message>
        <source>mapping model.safetensors</source>
        <translation>model.safetensors belleğe eşleniyor</translation>
    </message>
    <message>
        <source>hashing model.safetensors</source>
        <translation>model.safetensors dosyasının karma değeri hesaplanıyor</translation>
    </message>
    <message>
        <source>checking the weights</source>
        <translation>ağırlıklar denetleniyor</translation>
    </message>
    <message>
        <source>%1: vocab_size %2 is padded beyond the tokenizer&apos;s %3 tokens: ids %3..%4 have no text and are masked (never chosen)</source>
        <translation>%1: vocab_size %2, belirteçleyicinin %3 belirtecinin ötesine doldurulmuş: %3..%4 kimliklerinin metni yok ve maskeleniyor (hiç seçilmez)</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>hazır</translation>
    </message>
    <message>
        <source>induction score: the text does not hold two copies of the repeated span</source>
        <translation>induction score: metin, yinelenen bölümün iki kopyasını içermiyor</translation>
    </message>
    <message>
        <source>repeatedRandomTokens: the id range is smaller than the period</source>
        <translation>repeatedRandomTokens: kimlik aralığı periyottan küçük</translation>
    </message>
    <message>
        <source>head scores need a step recorded with recording on</source>
        <translation>kafa puanları, kayıt açıkken kaydedilmiş bir adım gerektirir</translation>
    </message>
    <message>
        <source>step %1 was generated with recording off</source>
        <translation>%1. adım kayıt kapalıyken üretildi</translation>
    </message>
    <message>
        <source>position %1 is outside the text of %2 tokens</source>
        <translation>konum %1, %2 belirteçlik metnin dışında</translation>
    </message>
    <message>
        <source>layer %1 is outside the model&apos;s %2 layers</source>
        <translation>katman %1, modelin %2 katmanının dışında</translation>
    </message>
    <message>
        <source>a residual vector must have n_embd values</source>
        <translation>bir artık vektörü n_embd değer içermeli</translation>
    </message>
    <message>
        <source>head %1 is outside the model&apos;s %2 heads</source>
        <translation>kafa %1, modelin %2 kafasının dışında</translation>
    </message>
    <message>
        <source>the step record was made by a different model</source>
        <translation>adım kaydı başka bir modelle yapılmış</translation>
    </message>
    <message>
        <source>is a folder, not a regular file</source>
        <translation>normal bir dosya değil, bir klasör</translation>
    </message>
    <message>
        <source>is a FIFO (named pipe), not a regular file</source>
        <translation>normal bir dosya değil, bir FIFO (adlandırılmış kanal)</translation>
    </message>
    <message>
        <source>is a character device, not a regular file</source>
        <translation>normal bir dosya değil, bir karakter aygıtı</translation>
    </message>
    <message>
        <source>is a block device, not a regular file</source>
        <translation>normal bir dosya değil, bir blok aygıtı</translation>
    </message>
    <message>
        <source>is a socket, not a regular file</source>
        <translation>normal bir dosya değil, bir soket</translation>
    </message>
    <message>
        <source>is of an unknown kind, not a regular file</source>
        <translation>normal bir dosya değil, türü bilinmiyor</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>dosya bulunamadı</translation>
    </message>
    <message>
        <source>file not found (it is a symbolic link to %1, which does not exist)</source>
        <translation>dosya bulunamadı (mevcut olmayan %1 hedefini gösteren bir sembolik bağlantı)</translation>
    </message>
    <message>
        <source>cannot be read: %1</source>
        <translation>okunamıyor: %1</translation>
    </message>
    <message>
        <source>more than %1 symbolic links in a row (a loop?), expected a regular file at most %1 links away</source>
        <translation>art arda %1 sembolik bağlantıdan fazlası var (bir döngü mü?); en fazla %1 bağlantı ötede normal bir dosya bekleniyordu</translation>
    </message>
    <message>
        <source>cannot read the symbolic link %1: %2</source>
        <translation>%1 sembolik bağlantısı okunamıyor: %2</translation>
    </message>
    <message>
        <source>cannot open: %1</source>
        <translation>açılamıyor: %1</translation>
    </message>
    <message>
        <source>cannot stat: %1</source>
        <translation>durum bilgisi alınamıyor (stat): %1</translation>
    </message>
    <message>
        <source>is %1 bytes, expected %2</source>
        <translation>%1 bayt; %2 bekleniyordu</translation>
    </message>
    <message>
        <source>could not be read to the end: %1</source>
        <translation>sonuna kadar okunamadı: %1</translation>
    </message>
    <message>
        <source>%1: is not a folder (%2)</source>
        <translation>%1: bir klasör değil (%2)</translation>
    </message>
    <message>
        <source>%1: does not exist (%2)</source>
        <translation>%1: mevcut değil (%2)</translation>
    </message>
    <message>
        <source>cannot memory-map: %1</source>
        <translation>belleğe eşlenemiyor: %1</translation>
    </message>
    <message>
        <source>is %1 bytes: there is not enough memory to read it</source>
        <translation>%1 bayt: okumak için yeterli bellek yok</translation>
    </message>
    <message>
        <source>truncated while it was read: %1 of %2 bytes</source>
        <translation>okunurken kısaldı: %2 bayttan yalnızca %1 bayt okundu</translation>
    </message>
    <message>
        <source>truncated: %1 bytes, expected at least 8 (the header length)</source>
        <translation>kesik: %1 bayt, en az 8 bayt (başlık uzunluğu) bekleniyordu</translation>
    </message>
    <message>
        <source>header length %1 bytes is absurdly large (limit %2)</source>
        <translation>başlık uzunluğu (%1 bayt) saçma derecede büyük (sınır %2)</translation>
    </message>
    <message>
        <source>header length %1 runs past the end of the file (%2 bytes): the file is truncated or not safetensors</source>
        <translation>başlık uzunluğu (%1) dosyanın sonunu aşıyor (%2 bayt): dosya kesik ya da safetensors değil</translation>
    </message>
    <message>
        <source>header nests deeper than a safetensors header does (expected {name: {dtype, shape, data_offsets}})</source>
        <translation>başlık, bir safetensors başlığında olabileceğinden daha derin iç içe yapı içeriyor ({name: {dtype, shape, data_offsets}} bekleniyordu)</translation>
    </message>
    <message>
        <source>header is not valid JSON (%1)</source>
        <translation>başlık geçerli JSON değil (%1)</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot; is named twice in the header</source>
        <translation>&quot;%1&quot; adlı tensör başlıkta iki kez geçiyor</translation>
    </message>
    <message>
        <source>header is %1, expected a JSON object</source>
        <translation>başlık %1, bir JSON nesnesi bekleniyordu</translation>
    </message>
    <message>
        <source>&quot;__metadata__&quot; is not an object</source>
        <translation>&quot;__metadata__&quot; bir nesne değil</translation>
    </message>
    <message>
        <source>&quot;__metadata__&quot; entry &quot;%1&quot; is %2, expected a string</source>
        <translation>&quot;__metadata__&quot; içindeki &quot;%1&quot; girdisi %2, bir dize bekleniyordu</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot; is not an object with dtype, shape and data_offsets</source>
        <translation>&quot;%1&quot; adlı tensör dtype, shape ve data_offsets içeren bir nesne değil</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot;: missing string field &quot;dtype&quot;</source>
        <translation>&quot;%1&quot; adlı tensör: &quot;dtype&quot; dize alanı eksik</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot;: missing array field &quot;shape&quot;</source>
        <translation>&quot;%1&quot; adlı tensör: &quot;shape&quot; dizi alanı eksik</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot;: field &quot;data_offsets&quot; must be [begin, end]</source>
        <translation>&quot;%1&quot; adlı tensör: &quot;data_offsets&quot; alanı [begin, end] olmalı</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot;: unknown dtype &quot;%2&quot; (expected F32, F16, BF16, F64, I64, I32, I16, I8, U8 or BOOL)</source>
        <translation>&quot;%1&quot; adlı tensör: bilinmeyen dtype &quot;%2&quot; (F32, F16, BF16, F64, I64, I32, I16, I8, U8 ya da BOOL bekleniyordu)</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot;: shape entries must be non-negative integers below 2^63</source>
        <translation>&quot;%1&quot; adlı tensör: biçim öğeleri 2^63 altında negatif olmayan tamsayılar olmalı</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot;: shape is absurdly large</source>
        <translation>&quot;%1&quot; adlı tensör: biçimi saçma derecede büyük</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot;: data_offsets must be non-negative integers</source>
        <translation>&quot;%1&quot; adlı tensör: data_offsets negatif olmayan tamsayılar olmalı</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot;: data_offsets begin after they end</source>
        <translation>&quot;%1&quot; adlı tensör: data_offsets başlangıcı bitişinden sonra geliyor</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot;: data_offsets [%2, %3] run past the end of the data (%4 bytes): the file is truncated</source>
        <translation>&quot;%1&quot; adlı tensör: data_offsets [%2, %3] verinin sonunu aşıyor (%4 bayt): dosya kesik</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot;: %2 bytes of data, but shape %3 of %4 needs %5</source>
        <translation>&quot;%1&quot; adlı tensör: %2 bayt veri var, ama %4 türündeki %3 biçimi %5 bayt gerektiriyor</translation>
    </message>
    <message>
        <source>tensors &quot;%1&quot; and &quot;%2&quot; overlap in the data</source>
        <translation>&quot;%1&quot; ve &quot;%2&quot; adlı tensörler veride çakışıyor</translation>
    </message>
    <message>
        <source>bytes %1..%2 of the data belong to no tensor (a hole between &quot;%3&quot; and &quot;%4&quot;)</source>
        <translation>verinin %1..%2 baytları hiçbir tensöre ait değil (&quot;%3&quot; ve &quot;%4&quot; adlı tensörler arasında bir boşluk)</translation>
    </message>
    <message>
        <source>bytes %1..%2 of the data belong to no tensor (a hole before &quot;%3&quot;)</source>
        <translation>verinin %1..%2 baytları hiçbir tensöre ait değil (&quot;%3&quot; adlı tensörden önce bir boşluk)</translation>
    </message>
    <message>
        <source>%1 bytes after the last tensor (&quot;%2&quot;) belong to no tensor: expected the data to end at byte %3 of %4</source>
        <translation>son tensörden (&quot;%2&quot;) sonraki %1 bayt hiçbir tensöre ait değil: verinin %3. baytta bitmesi bekleniyordu (toplam %4 bayt)</translation>
    </message>
    <message>
        <source>%1 bytes after the last tensor belong to no tensor: expected the data to end at byte %2 of %3</source>
        <translation>son tensörden sonraki %1 bayt hiçbir tensöre ait değil: verinin %2. baytta bitmesi bekleniyordu (toplam %3 bayt)</translation>
    </message>
    <message>
        <source>temperature must be greater than 0 when sampling (use greedy for the argmax)</source>
        <translation>örnekleme yapılırken sıcaklık 0’dan büyük olmalı (argmax için açgözlü seçimi kullanın)</translation>
    </message>
    <message>
        <source>top_p must be in (0, 1]</source>
        <translation>top_p (0, 1] aralığında olmalı</translation>
    </message>
    <message>
        <source>top_k must be 0 (no cut) or positive</source>
        <translation>top_k 0 (kesme yok) ya da pozitif olmalı</translation>
    </message>
    <message>
        <source>the prompt is %1 bytes: more than the model&apos;s context window of %2 tokens can hold even at %3 bytes per token (its longest token)</source>
        <translation>istem %1 bayt: bu, belirteç başına %3 baytla (en uzun belirteci) bile modelin %2 belirteçlik bağlam penceresinin alabileceğinden fazla</translation>
    </message>
    <message>
        <source>the prompt is %1 tokens long, but the model&apos;s context window holds %2 tokens: shorten it by at least %3</source>
        <translation>istem %1 belirteç uzunluğunda, ama modelin bağlam penceresi %2 belirteç alıyor: en az %3 belirteç kısaltın</translation>
    </message>
    <message>
        <source>the prompt is empty and this model&apos;s tokenizer has no &lt;|endoftext|&gt; to start from</source>
        <translation>istem boş ve bu modelin belirteçleyicisinde başlangıç için bir &lt;|endoftext|&gt; yok</translation>
    </message>
    <message>
        <source>no prompt has been run yet</source>
        <translation>henüz hiçbir istem çalıştırılmadı</translation>
    </message>
    <message>
        <source>the context window of %1 tokens is full: no further token fits</source>
        <translation>%1 belirteçlik bağlam penceresi dolu: başka belirteç sığmıyor</translation>
    </message>
    <message>
        <source>token id %1 is outside the vocabulary</source>
        <translation>belirteç kimliği %1 sözlüğün dışında</translation>
    </message>
    <message>
        <source>cannot continue from an empty line of steps</source>
        <translation>boş bir adım dizisinden devam edilemiyor</translation>
    </message>
    <message>
        <source>cannot continue from a line of steps whose step %1 is missing or misnumbered</source>
        <translation>%1. adımı eksik ya da yanlış numaralanmış bir adım dizisinden devam edilemiyor</translation>
    </message>
    <message>
        <source>cannot continue from steps made by another model</source>
        <translation>başka bir modelin ürettiği adımlardan devam edilemiyor</translation>
    </message>
    <message>
        <source>cannot go back to step %1: there are %2 steps</source>
        <translation>%1. adıma geri dönülemiyor: %2 adım var</translation>
    </message>
    <message>
        <source>the number of new tokens must be positive</source>
        <translation>yeni belirteç sayısı pozitif olmalı</translation>
    </message>
    <message>
        <source>there is no step to continue from</source>
        <translation>devam edilecek bir adım yok</translation>
    </message>
    <message>
        <source>attention index out of range: layer %1 of %2, head %3 of %4, query %5 of %6</source>
        <translation>dikkat dizini aralık dışında: katman %1 / %2, kafa %3 / %4, sorgu %5 / %6</translation>
    </message>
    <message>
        <source>scoresAndAttention: the matrices must be %1 x %1</source>
        <translation>scoresAndAttention: matrisler %1 x %1 olmalı</translation>
    </message>
    <message>
        <source>a tokenizer file of at most 256 MiB</source>
        <translation>en fazla 256 MiB boyutunda bir belirteçleyici dosyası</translation>
    </message>
    <message>
        <source>decode: position %1: token id %2 is outside 0..%3</source>
        <translation>decode: konum %1: belirteç kimliği %2, 0..%3 aralığının dışında</translation>
    </message>
    <message>
        <source>token id %1 is outside 0..%2</source>
        <translation>belirteç kimliği %1, 0..%2 aralığının dışında</translation>
    </message>
    <message>
        <source>%1: expected an object mapping each token to its id, found %2</source>
        <translation>%1: her belirteci kimliğine eşleyen bir nesne bekleniyordu, %2 bulundu</translation>
    </message>
    <message>
        <source>%1: has no tokens</source>
        <translation>%1: hiç belirteç içermiyor</translation>
    </message>
    <message>
        <source>%1: the id of &apos;%2&apos; is %3, expected an integer in 0..%4</source>
        <translation>%1: &apos;%2&apos; belirtecinin kimliği %3, 0..%4 aralığında bir tamsayı bekleniyordu</translation>
    </message>
    <message>
        <source>%1: token id %2 for &apos;%3&apos; is outside 0..%4</source>
        <translation>%1: &apos;%3&apos; için belirteç kimliği %2, 0..%4 aralığının dışında</translation>
    </message>
    <message>
        <source>%1: token id %2 is the empty string</source>
        <translation>%1: %2 kimlikli belirteç boş dize</translation>
    </message>
    <message>
        <source>%1: id %2 is given to both &apos;%3&apos; and &apos;%4&apos;</source>
        <translation>%1: %2 kimliği hem &apos;%3&apos; hem de &apos;%4&apos; belirtecine verilmiş</translation>
    </message>
    <message>
        <source>%1: token &apos;%2&apos; (id %3) contains %4, which is not one of the 256 characters of GPT-2&apos;s byte alphabet</source>
        <translation>%1: &apos;%2&apos; belirteci (kimlik %3) %4 içeriyor; bu, GPT-2’nin bayt alfabesindeki 256 karakterden biri değil</translation>
    </message>
    <message>
        <source>%1: has no token for the byte 0x%2 (&apos;%3&apos;); a byte-level BPE vocabulary needs all 256</source>
        <translation>%1: 0x%2 baytı (&apos;%3&apos;) için belirteç yok; bayt düzeyinde bir BPE sözlüğü 256 baytın hepsini gerektirir</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a token of %2</source>
        <translation>&apos;%1&apos; belirteci %2 içinde yok</translation>
    </message>
    <message>
        <source>merging &apos;%1&apos; and &apos;%2&apos; gives &apos;%3&apos;, which is not a token of %4</source>
        <translation>&apos;%1&apos; ile &apos;%2&apos; birleştirilince &apos;%3&apos; çıkıyor, ama bu belirteç %4 içinde yok</translation>
    </message>
    <message>
        <source>the merge &apos;%1 %2&apos; repeats merge number %3</source>
        <translation>&apos;%1 %2&apos; birleştirmesi %3 numaralı birleştirmeyi yineliyor</translation>
    </message>
    <message>
        <source>%1 line %2: expected two space-separated tokens, found &apos;%3&apos;</source>
        <translation>%1, satır %2: boşlukla ayrılmış iki belirteç bekleniyordu, &apos;%3&apos; bulundu</translation>
    </message>
    <message>
        <source>%1 line %2: %3</source>
        <translation>%1, satır %2: %3</translation>
    </message>
    <message>
        <source>%1: is empty, expected a &apos;#version&apos; line and one merge (&apos;a b&apos;) per line after it</source>
        <translation>%1: boş; bir &apos;#version&apos; satırı ve ardından her satırda bir birleştirme (&apos;a b&apos;) bekleniyordu</translation>
    </message>
    <message>
        <source>%1.%2 is missing, expected a string</source>
        <translation>%1.%2 eksik, bir dize bekleniyordu</translation>
    </message>
    <message>
        <source>%1.%2 is %3, expected a string</source>
        <translation>%1.%2 %3, bir dize bekleniyordu</translation>
    </message>
    <message>
        <source>%1: normalizer is %2; GPT-2 has none, and attnscope applies none, so the ids would differ</source>
        <translation>%1: normalizer %2; GPT-2’de normalleştirici yok, attnscope da uygulamıyor, bu yüzden kimlikler farklı olurdu</translation>
    </message>
    <message>
        <source>%1: pre_tokenizer is %2, expected an object</source>
        <translation>%1: pre_tokenizer %2, bir nesne bekleniyordu</translation>
    </message>
    <message>
        <source>%1: pre_tokenizer.type is &apos;%2&apos;, expected &apos;ByteLevel&apos; (GPT-2&apos;s)</source>
        <translation>%1: pre_tokenizer.type &apos;%2&apos;, &apos;ByteLevel&apos; bekleniyordu (GPT-2’ninki)</translation>
    </message>
    <message>
        <source>%1: pre_tokenizer.add_prefix_space is %2, expected false (GPT-2&apos;s)</source>
        <translation>%1: pre_tokenizer.add_prefix_space %2, false bekleniyordu (GPT-2’ninki)</translation>
    </message>
    <message>
        <source>%1: pre_tokenizer.use_regex is %2, expected true (GPT-2&apos;s)</source>
        <translation>%1: pre_tokenizer.use_regex %2, true bekleniyordu (GPT-2’ninki)</translation>
    </message>
    <message>
        <source>%1: added_tokens is %2, expected an array</source>
        <translation>%1: added_tokens %2, bir dizi bekleniyordu</translation>
    </message>
    <message>
        <source>%1 is %2, expected an object</source>
        <translation>%1 öğesi %2, bir nesne bekleniyordu</translation>
    </message>
    <message>
        <source>%1.content is empty</source>
        <translation>%1.content boş</translation>
    </message>
    <message>
        <source>%1.id is missing, expected a non-negative integer</source>
        <translation>%1.id eksik, negatif olmayan bir tamsayı bekleniyordu</translation>
    </message>
    <message>
        <source>%1.id is %2, expected a non-negative integer</source>
        <translation>%1.id %2, negatif olmayan bir tamsayı bekleniyordu</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; has id %3 here but %4 in model.vocab</source>
        <translation>%1: &apos;%2&apos; belirtecinin kimliği burada %3, ama model.vocab içinde %4</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is model.vocab&apos;s spelling of the bytes %3, so text saying &apos;%2&apos; would decode to those; expected an added token that spells itself, like &apos;&lt;|endoftext|&gt;&apos;</source>
        <translation>%1: &apos;%2&apos;, model.vocab içinde %3 baytlarının yazılışı; bu yüzden &apos;%2&apos; yazan bir metin bu baytlara çözülürdü; &apos;&lt;|endoftext|&gt;&apos; gibi kendini yazan bir eklenmiş belirteç bekleniyordu</translation>
    </message>
    <message>
        <source>%1: id %2 of &apos;%3&apos; is already the id of &apos;%4&apos; in model.vocab</source>
        <translation>%1: &apos;%3&apos; belirtecinin %2 kimliği, model.vocab içinde zaten &apos;%4&apos; belirtecinin kimliği</translation>
    </message>
    <message>
        <source>%1: added_tokens leave id %2 unused; ids must continue model.vocab without gaps</source>
        <translation>%1: added_tokens %2 kimliğini kullanılmadan bırakıyor; kimlikler model.vocab kimliklerinin ardından boşluksuz sürmeli</translation>
    </message>
    <message>
        <source>%1: expected a JSON object, found %2</source>
        <translation>%1: bir JSON nesnesi bekleniyordu, %2 bulundu</translation>
    </message>
    <message>
        <source>%1: model is missing, expected an object</source>
        <translation>%1: model eksik, bir nesne bekleniyordu</translation>
    </message>
    <message>
        <source>%1: model is %2, expected an object</source>
        <translation>%1: model %2, bir nesne bekleniyordu</translation>
    </message>
    <message>
        <source>%1: model.type is &apos;%2&apos;, expected &apos;BPE&apos;</source>
        <translation>%1: model.type &apos;%2&apos;, &apos;BPE&apos; bekleniyordu</translation>
    </message>
    <message>
        <source>%1: model.ignore_merges is %2, expected false (GPT-2&apos;s)</source>
        <translation>%1: model.ignore_merges %2, false bekleniyordu (GPT-2’ninki)</translation>
    </message>
    <message>
        <source>%1: model.%2 is %3, expected &quot;&quot; or null (GPT-2&apos;s)</source>
        <translation>%1: model.%2 %3, &quot;&quot; ya da null bekleniyordu (GPT-2’ninki)</translation>
    </message>
    <message>
        <source>%1: model.vocab is missing, expected an object mapping each token to its id</source>
        <translation>%1: model.vocab eksik, her belirteci kimliğine eşleyen bir nesne bekleniyordu</translation>
    </message>
    <message>
        <source>%1: model.merges is missing, expected an array of &quot;a b&quot; strings or [&quot;a&quot;, &quot;b&quot;] pairs</source>
        <translation>%1: model.merges eksik, &quot;a b&quot; dizelerinden ya da [&quot;a&quot;, &quot;b&quot;] çiftlerinden oluşan bir dizi bekleniyordu</translation>
    </message>
    <message>
        <source>%1: model.merges is %2, expected an array of &quot;a b&quot; strings or [&quot;a&quot;, &quot;b&quot;] pairs</source>
        <translation>%1: model.merges %2, &quot;a b&quot; dizelerinden ya da [&quot;a&quot;, &quot;b&quot;] çiftlerinden oluşan bir dizi bekleniyordu</translation>
    </message>
    <message>
        <source>%1: model.merges[%2] is %3, expected &quot;a b&quot; or [&quot;a&quot;, &quot;b&quot;]</source>
        <translation>%1: model.merges[%2] %3, &quot;a b&quot; ya da [&quot;a&quot;, &quot;b&quot;] bekleniyordu</translation>
    </message>
    <message>
        <source>%1: model.merges[%2]: %3</source>
        <translation>%1: model.merges[%2]: %3</translation>
    </message>
    <message>
        <source>looked for a tokenizer in it</source>
        <translation>içinde bir belirteçleyici arandı</translation>
    </message>
    <message>
        <source>%1: no tokenizer found, expected vocab.json and merges.txt, or tokenizer.json</source>
        <translation>%1: belirteçleyici bulunamadı; vocab.json ile merges.txt ya da tokenizer.json bekleniyordu</translation>
    </message>
    <message>
        <source>encode: a text of %1 bytes is longer than the 2 GiB limit</source>
        <translation>encode: %1 baytlık bir metin 2 GiB sınırından uzun</translation>
    </message>
    <message>
        <source>missing tensor &quot;%1&quot; (expected shape %2)</source>
        <translation>&quot;%1&quot; adlı tensör eksik (beklenen biçim %2)</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot; has shape %2, expected %3</source>
        <translation>&quot;%1&quot; adlı tensörün biçimi %2, %3 bekleniyordu</translation>
    </message>
    <message>
        <source>tensor &quot;%1&quot; has dtype %2, expected F32, F16 or BF16</source>
        <translation>&quot;%1&quot; adlı tensörün dtype değeri %2, F32, F16 ya da BF16 bekleniyordu</translation>
    </message>
    <message>
        <source>%1: ignored %2 tensor(s) that GPT-2 does not use: %3</source>
        <translation>%1: GPT-2’nin kullanmadığı %2 tensör yok sayıldı: %3</translation>
    </message>
    <message>
        <source>%1: tensor &quot;%2&quot; holds %3 non-finite value(s) (NaN or infinity); its outputs will not be meaningful</source>
        <translation>%1: &quot;%2&quot; adlı tensör %3 sonlu olmayan değer (NaN ya da sonsuz) içeriyor; çıktıları anlamlı olmayacak</translation>
    </message>
    <message>
        <source>none: the best is %1</source>
        <translation>yok: en iyisi %1</translation>
    </message>
</context>
</TS>
