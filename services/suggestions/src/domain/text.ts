// Chinese text: word segmentation for full-text search (PostgreSQL has no Chinese parser, so
// text is segmented here with jieba and stored as space-separated words for the `simple`
// configuration), similarity for duplicate proposals and boilerplate replies, and redaction of
// personal data before anything is published.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

// Punctuation and whitespace are not words; `simple` would drop most anyway, but positions
// must match between documents and queries.
const WORD = /[\p{L}\p{N}]/u;

// Without the HMM for unknown words: a phrase must segment the same alone (the query) as in
// its sentence (the document), and the dictionary does that deterministically.
function tokens(text: string): string[] {
  return segmenter()
    .cut(text.normalize('NFKC'), false)
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
}

/**
 * The sub-words search-mode segmentation adds (停车难 → 停车, 停车难), beyond the words of
 * `segment`: indexed too (weight D), so a shorter query word finds a longer document word.
 */
export function searchExtras(text: string): string {
  const plain = new Set(tokens(text));
  const extra = new Set<string>();
  for (const w of segmenter().cutForSearch(text.normalize('NFKC'), false)) {
    const t = w.trim();
    if (t && WORD.test(t) && !plain.has(t)) extra.add(t);
  }
  return [...extra].join(' ');
}

/** Words of a text, in order, without punctuation. */
export function words(text: string): string[] {
  return tokens(text).filter((w) => WORD.test(w));
}

/**
 * The text stored for `to_tsvector('simple', …)`: tokens joined by spaces. Punctuation stays
 * (PostgreSQL skips it without counting a position), so ts_headline can show the sentence.
 */
export function segment(text: string): string {
  return tokens(text).join(' ');
}

/**
 * A tsquery for what a user typed: every word must appear (`回头看` → '回头' & '看'); ranking
 * by cover density puts the texts where they stand together first. (Not a phrase query: the
 * search-mode sub-words sit at their own positions and would break adjacency.)
 */
export function toTsQuery(query: string): string | undefined {
  const all = [...new Set(query.split(/\s+/).flatMap((part) => words(part)))].map((w) => `'${w.replaceAll("'", "''")}'`);
  if (all.length === 0) return undefined;
  return all.join(' & ');
}

// Common words that say nothing about the matter (the boilerplate is what we look for, so
// these are dropped from similarity only, not from search).
const STOP = new Set(['的', '了', '和', '与', '及', '在', '对', '是', '为', '将', '等', '我们', '进一步', '加强', '工作', '关于', '建议', '问题', '代表', '您好', '感谢']);

function bag(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of words(text.toLowerCase())) {
    if (STOP.has(w)) continue;
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}

/** Cosine similarity (0–1) of two texts' word counts. */
export function similarity(a: string, b: string): number {
  return cosine(bag(a), bag(b));
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [w, n] of a) {
    na += n * n;
    const m = b.get(w);
    if (m) dot += n * m;
  }
  for (const n of b.values()) nb += n * n;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The words that best characterise a text (for finding candidate duplicates by search). */
export function keyWords(text: string, max = 12): string[] {
  return [...bag(text)]
    .filter(([w]) => w.length > 1)
    .sort((x, y) => y[1] - x[1] || y[0].length - x[0].length)
    .slice(0, max)
    .map(([w]) => w);
}

// Personal data that must never reach the public: mobile and landline numbers, ID card numbers,
// e-mail addresses, bank card numbers. Names of deputies are public by law; voters' are not and
// never leave the service.
const REDACTIONS: [RegExp, string][] = [
  [/(?<!\d)\d{17}[\dXx](?!\d)/g, '[身份证号已隐去]'],
  [/(?<!\d)\d{16,19}(?!\d)/g, '[卡号已隐去]'],
  [/(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g, '[电话已隐去]'],
  [/(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)/g, '[电话已隐去]'],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '[邮箱已隐去]'],
];

export function redact(text: string): string {
  return REDACTIONS.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
}

/** ts_headline over segmented text puts spaces between words; put the Chinese back together. */
export function unsegmentHeadline(headline: string): string {
  return headline
    .replace(/(?<=[\p{Script=Han}\p{P}>])\s+(?=[\p{Script=Han}\p{P}<])/gu, '')
    .replaceAll('</mark><mark>', '');
}
