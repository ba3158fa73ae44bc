export { LocalFileStorage, type FileStorage } from './storage.ts';
