using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Screener.Core.Persistence.Migrations
{
    /// <summary>
    /// Decision history (issue 17): every decision becomes a version. Existing decisions are kept as their version 1,
    /// independent (nobody recorded whether they had been shown another's decision, so none is presumed).
    /// </summary>
    public partial class DecisionVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BlindDecision",
                table: "HumanDecisions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BlindExclusionReason",
                table: "HumanDecisions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "OthersShownAt",
                table: "HumanDecisions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "HumanDecisions",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "SettledVersions",
                table: "Adjudications",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "HumanDecisionVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    HumanDecisionId = table.Column<long>(type: "bigint", nullable: false),
                    ReviewId = table.Column<long>(type: "bigint", nullable: false),
                    RecordId = table.Column<long>(type: "bigint", nullable: false),
                    ReviewerId = table.Column<long>(type: "bigint", nullable: false),
                    Stage = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Decision = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ExclusionReason = table.Column<string>(type: "text", nullable: true),
                    Note = table.Column<string>(type: "text", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReplacesVersion = table.Column<int>(type: "integer", nullable: true),
                    OthersShownBefore = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HumanDecisionVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HumanDecisionVersions_HumanDecisions_HumanDecisionId",
                        column: x => x.HumanDecisionId,
                        principalTable: "HumanDecisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HumanDecisionVersions_Reviewers_ReviewerId",
                        column: x => x.ReviewerId,
                        principalTable: "Reviewers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HumanDecisionVersions_HumanDecisionId_Version",
                table: "HumanDecisionVersions",
                columns: new[] { "HumanDecisionId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HumanDecisionVersions_ReviewerId",
                table: "HumanDecisionVersions",
                column: "ReviewerId");

            migrationBuilder.CreateIndex(
                name: "IX_HumanDecisionVersions_ReviewId_Stage",
                table: "HumanDecisionVersions",
                columns: new[] { "ReviewId", "Stage" });

            migrationBuilder.Sql("""
                INSERT INTO "HumanDecisionVersions" ("HumanDecisionId", "ReviewId", "RecordId", "ReviewerId", "Stage", "Version",
                    "Decision", "ExclusionReason", "Note", "DecidedAt", "ReplacesVersion", "OthersShownBefore")
                SELECT "Id", "ReviewId", "RecordId", "ReviewerId", "Stage", 1, "Decision", "ExclusionReason", "Note", "DecidedAt", NULL, false
                FROM "HumanDecisions";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HumanDecisionVersions");

            migrationBuilder.DropColumn(
                name: "BlindDecision",
                table: "HumanDecisions");

            migrationBuilder.DropColumn(
                name: "BlindExclusionReason",
                table: "HumanDecisions");

            migrationBuilder.DropColumn(
                name: "OthersShownAt",
                table: "HumanDecisions");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "HumanDecisions");

            migrationBuilder.DropColumn(
                name: "SettledVersions",
                table: "Adjudications");
        }
    }
}
