// The service process: `node src/main.ts` serves, `node src/main.ts migrate` migrates and exits.
import { runService } from '@onenet/kit';
import { registryService } from './service.ts';

await runService(registryService);
