// What the pages name of the suggestions service's answers, taken from the service's OpenAPI
// document through the generated client: when the service changes a field, these change with the
// regenerated client, and the pages that use it stop compiling instead of failing in a browser.
import type { ResponseOf, ServicePaths } from '@onenet/api-client';

type Paths = ServicePaths['suggestions'];
type Get<P extends keyof Paths> = ResponseOf<'suggestions', P, 'get' & keyof Paths[P]>;

/** The JSON answer of the list (it also answers Excel, with `format=xlsx`). */
export type SuggestionPage = Exclude<Get<'/suggestions'>, string>;
export type SuggestionState = SuggestionPage['items'][number]['state'];
export type SuggestionDetail = Get<'/suggestions/{id}'>;
