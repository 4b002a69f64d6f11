using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Screener.Core.Persistence.Migrations
{
    /// <summary>
    /// Server-side helpers for pgvector's HNSW index on large corpora (Embeddings/VectorIndex.cs). An HNSW index needs
    /// the vector's dimension in the index expression and in every query that should use it ("Embedding"::halfvec(D)),
    /// and a type modifier cannot be a bind parameter; these functions build that SQL with format()'s %I / %L / %s
    /// quoting, so the application sends parameters only. No model change: the snapshot is untouched.
    /// </summary>
    [DbContext(typeof(ScreenerDbContext))]
    [Migration("20261201050000_VectorIndexFunctions")]
    public partial class VectorIndexFunctions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION screener_vector_index_name(p_model text, p_dimension integer) RETURNS text
                LANGUAGE sql IMMUTABLE AS $$ SELECT 'ix_emb_hnsw_' || substr(md5(p_model), 1, 12) || '_d' || p_dimension $$;
                """);
            // One partial index per model and dimension (halfvec: pgvector indexes up to 4,000 dimensions). Built in the
            // caller's transaction, so it takes a SHARE lock on "Embeddings": reads go on, other writes wait for the build.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION screener_create_vector_index(p_model text, p_dimension integer) RETURNS text
                LANGUAGE plpgsql AS $$
                DECLARE
                  v_name text := screener_vector_index_name(p_model, p_dimension);
                BEGIN
                  IF p_dimension < 1 OR p_dimension > 4000 THEN
                    RAISE EXCEPTION 'an HNSW index on halfvec takes 1 to 4000 dimensions, not %', p_dimension;
                  END IF;
                  PERFORM set_config('maintenance_work_mem', '512MB', true);
                  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON "Embeddings" USING hnsw (("Embedding"::halfvec(%s)) halfvec_cosine_ops) WHERE "Model" = %L AND "Dimension" = %s',
                                 v_name, p_dimension, p_model, p_dimension);
                  RETURN v_name;
                END $$;
                """);
            // Nearest candidates of one review through the index (approximate), with their exact cosine distance for the
            // caller to re-rank. Iterative scans (pgvector 0.8) keep searching until the review filter leaves enough rows.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION screener_nearest_by_vector_index(p_review bigint, p_model text, p_dimension integer,
                  p_exclude_record bigint, p_query vector, p_candidates integer)
                RETURNS TABLE("RecordId" bigint, "Distance" double precision)
                LANGUAGE plpgsql AS $$
                BEGIN
                  PERFORM set_config('hnsw.ef_search', p_candidates::text, true);
                  BEGIN
                    PERFORM set_config('hnsw.iterative_scan', 'relaxed_order', true);
                  EXCEPTION WHEN others THEN NULL; -- pgvector before 0.8: plain scan, fewer rows when the review is a small share
                  END;
                  RETURN QUERY EXECUTE format(
                    'SELECT c."RecordId", c."Embedding" <=> $1 FROM (SELECT e."RecordId", e."Embedding" FROM "Embeddings" e '
                    'WHERE e."Model" = %L AND e."Dimension" = %s AND e."ReviewId" = $2 AND e."RecordId" <> $3 '
                    'ORDER BY e."Embedding"::halfvec(%s) <=> $1::halfvec(%s) LIMIT $4) c',
                    p_model, p_dimension, p_dimension, p_dimension)
                  USING p_query, p_review, p_exclude_record, p_candidates;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS screener_nearest_by_vector_index(bigint, text, integer, bigint, vector, integer);");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS screener_create_vector_index(text, integer);");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS screener_vector_index_name(text, integer);");
        }
    }
}
