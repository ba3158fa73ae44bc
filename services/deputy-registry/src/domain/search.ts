// Name search without a search engine: a name "contains" the query when the name's unigram and
// bigram set (registry.name_grams, indexed with GIN) contains the query's, then a LIKE confirms.

/** The grams a name must contain to contain `query`: the bigrams, or the single character. */
export function queryGrams(query: string): string[] {
  const chars = [...query.replace(/\s+/g, '')];
  if (chars.length === 0) return [];
  if (chars.length === 1) return chars;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/** Escapes LIKE wildcards so a query is matched literally. */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
