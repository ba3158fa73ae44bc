export { LocalFileStorage, checkKey, type FileStorage } from './storage.ts';
export { S3FileStorage, type S3StorageOptions } from './s3.ts';
export { filesConfig, createFileStorage, type FilesConfig } from './config.ts';
export { detectContent, type ContentRule } from './content.ts';
