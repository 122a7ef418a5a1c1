-- Trigram indexes serve the dashboard's search by any part of an email
-- (customers_email_trgm_idx, next migration). pg_trgm ships with Postgres and Neon.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
