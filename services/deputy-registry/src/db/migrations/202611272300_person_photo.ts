// A person's photo uploaded to the registry's file storage (photo_key and what it is), beside
// photo_url (a photo hosted elsewhere, or the public URL of the uploaded one). The public profile
// copy carries the key and type so the public photo route can serve it without a tenant. Frozen.
import { sql, type Kysely } from 'kysely';

const run = (db: Kysely<any>, text: string) => sql.raw(text).execute(db);

export async function up(db: Kysely<any>): Promise<void> {
  await run(db, `
    alter table registry.person
      add column photo_key text,
      add column photo_content_type text,
      add column photo_byte_size integer,
      add column photo_uploaded_at timestamptz`);
  await run(db, `alter table registry.public_profile add column photo_key text, add column photo_content_type text`);
  await run(db, `
    create or replace function registry.copy_public_profile() returns trigger language plpgsql as $$
    begin
      insert into registry.public_profile (person_id, name, photo_url, photo_key, photo_content_type, occupation, public_contact, published)
      values (new.id, new.name, new.photo_url, new.photo_key, new.photo_content_type, new.occupation, new.public_contact, new.published)
      on conflict (person_id) do update set name = excluded.name, photo_url = excluded.photo_url, photo_key = excluded.photo_key,
        photo_content_type = excluded.photo_content_type, occupation = excluded.occupation, public_contact = excluded.public_contact,
        published = excluded.published;
      return null;
    end $$`);
  await run(db, `drop trigger person_public_profile on registry.person`);
  await run(db, `
    create trigger person_public_profile after insert or update of name, photo_url, photo_key, photo_content_type, occupation, public_contact, published
      on registry.person for each row execute function registry.copy_public_profile()`);
}
