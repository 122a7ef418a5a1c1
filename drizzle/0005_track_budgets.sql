CREATE TABLE "track_budgets" (
	"workspace_id" text NOT NULL,
	"scope" text NOT NULL,
	"subject_hash" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"events" integer NOT NULL,
	CONSTRAINT "track_budgets_workspace_id_scope_subject_hash_pk" PRIMARY KEY("workspace_id","scope","subject_hash")
);
