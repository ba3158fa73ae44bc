// `node src/main.ts` serves; `node src/main.ts migrate` applies the migrations and exits.
import { runService } from '@onenet/kit';
import { service } from './service.ts';

await runService(service);
