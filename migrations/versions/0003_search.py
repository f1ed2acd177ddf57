"""search: full-text index support

On PostgreSQL only: the ``unaccent`` and ``pg_trgm`` extensions, the ``palabre_french``
text search configuration (accents folded, then French Snowball), the ``search_documents``
table (a tsvector per contribution, with a GIN index) and ``search_words`` (words for
"did you mean", with a trigram index). On SQLite the Whoosh index lives in the instance
folder and this migration changes nothing. These tables are not models (SQLite has no
tsvector): ``forum.search.postgres_backend`` reads and writes them with SQL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def _on_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if not _on_postgres():
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "DO $$ BEGIN "
        "IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'palabre_french') THEN "
        "CREATE TEXT SEARCH CONFIGURATION palabre_french (COPY = french); "
        "ALTER TEXT SEARCH CONFIGURATION palabre_french ALTER MAPPING FOR "
        "asciiword, asciihword, hword_asciipart, word, hword, hword_part "
        "WITH unaccent, french_stem; "
        "END IF; END $$"
    )
    op.execute(
        """
        CREATE TABLE search_documents (
            contribution_id integer NOT NULL,
            debate_id integer NOT NULL,
            root_id integer NOT NULL,
            status varchar(32) NOT NULL,
            kind varchar(32) NOT NULL,
            channel varchar(32) NOT NULL,
            created_at timestamp without time zone NOT NULL,
            theme_ids integer[] NOT NULL DEFAULT '{}',
            tag_ids integer[] NOT NULL DEFAULT '{}',
            fingerprint varchar(32) NOT NULL,
            document tsvector NOT NULL,
            CONSTRAINT pk_search_documents PRIMARY KEY (contribution_id),
            CONSTRAINT fk_search_documents_contribution_id_contributions
                FOREIGN KEY (contribution_id) REFERENCES contributions (id) ON DELETE CASCADE
        )
        """
    )
    op.execute(
        "CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)"
    )
    op.execute(
        "CREATE INDEX ix_search_documents_theme_ids ON search_documents USING gin (theme_ids)"
    )
    op.execute(
        "CREATE INDEX ix_search_documents_debate_created "
        "ON search_documents (debate_id, created_at)"
    )
    op.execute(
        """
        CREATE TABLE search_words (
            word varchar(80) NOT NULL,
            CONSTRAINT pk_search_words PRIMARY KEY (word)
        )
        """
    )
    op.execute(
        "CREATE INDEX ix_search_words_trigrams ON search_words USING gin (word gin_trgm_ops)"
    )


def downgrade():
    if not _on_postgres():
        return
    op.execute("DROP TABLE IF EXISTS search_words")
    op.execute("DROP TABLE IF EXISTS search_documents")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS palabre_french")
    # The extensions stay: other objects of the database may use them.
