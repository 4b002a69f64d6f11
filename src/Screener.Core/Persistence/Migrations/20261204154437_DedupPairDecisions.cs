using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Screener.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DedupPairDecisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "MatchedRecordId",
                table: "DuplicateLinks",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DuplicatePairDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReviewId = table.Column<long>(type: "bigint", nullable: false),
                    RecordIdA = table.Column<long>(type: "bigint", nullable: false),
                    RecordIdB = table.Column<long>(type: "bigint", nullable: false),
                    Verdict = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Origin = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuplicatePairDecisions", x => x.Id);
                    table.CheckConstraint("CK_DuplicatePairDecisions_Order", "\"RecordIdA\" < \"RecordIdB\"");
                    table.ForeignKey(
                        name: "FK_DuplicatePairDecisions_Records_RecordIdA",
                        column: x => x.RecordIdA,
                        principalTable: "Records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DuplicatePairDecisions_Records_RecordIdB",
                        column: x => x.RecordIdB,
                        principalTable: "Records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DuplicatePairDecisions_Reviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "Reviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairDecisions_RecordIdA",
                table: "DuplicatePairDecisions",
                column: "RecordIdA");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairDecisions_RecordIdB",
                table: "DuplicatePairDecisions",
                column: "RecordIdB");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairDecisions_ReviewId_WithdrawnAt",
                table: "DuplicatePairDecisions",
                columns: new[] { "ReviewId", "WithdrawnAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DuplicatePairDecisions");

            migrationBuilder.DropColumn(
                name: "MatchedRecordId",
                table: "DuplicateLinks");
        }
    }
}
