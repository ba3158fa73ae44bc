import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fjs from 'fast-json-stringify';
console.log(typeof Ajv, typeof addFormats, typeof (addFormats as any).default, typeof fjs);
