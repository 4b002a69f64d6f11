using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Screener.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class BatchSubmissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BatchId",
                table: "Suggestions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReportedModel",
                table: "Suggestions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BatchId",
                table: "ExtractionDrafts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReportedModel",
                table: "ExtractionDrafts",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BatchSubmissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    Provider = table.Column<string>(type: "text", nullable: false),
                    Step = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FileName = table.Column<string>(type: "text", nullable: false),
                    InputJsonl = table.Column<string>(type: "text", nullable: true),
                    Requests = table.Column<int>(type: "integer", nullable: false),
                    Bytes = table.Column<long>(type: "bigint", nullable: false),
                    InputFileId = table.Column<string>(type: "text", nullable: true),
                    BatchId = table.Column<string>(type: "text", nullable: true),
                    BatchStatus = table.Column<string>(type: "text", nullable: true),
                    OutputFileId = table.Column<string>(type: "text", nullable: true),
                    ErrorFileId = table.Column<string>(type: "text", nullable: true),
                    Answered = table.Column<int>(type: "integer", nullable: false),
                    Missing = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AppliedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BatchSubmissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BatchSubmissions_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BatchSubmissionItems",
                columns: table => new
                {
                    SubmissionId = table.Column<long>(type: "bigint", nullable: false),
                    WorkItemId = table.Column<long>(type: "bigint", nullable: false),
                    CustomId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BatchSubmissionItems", x => new { x.SubmissionId, x.WorkItemId });
                    table.ForeignKey(
                        name: "FK_BatchSubmissionItems_BatchSubmissions_SubmissionId",
                        column: x => x.SubmissionId,
                        principalTable: "BatchSubmissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BatchSubmissionItems_WorkItems_WorkItemId",
                        column: x => x.WorkItemId,
                        principalTable: "WorkItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BatchSubmissionItems_WorkItemId",
                table: "BatchSubmissionItems",
                column: "WorkItemId");

            migrationBuilder.CreateIndex(
                name: "IX_BatchSubmissions_FileName",
                table: "BatchSubmissions",
                column: "FileName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BatchSubmissions_RunId_Step",
                table: "BatchSubmissions",
                columns: new[] { "RunId", "Step" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BatchSubmissionItems");

            migrationBuilder.DropTable(
                name: "BatchSubmissions");

            migrationBuilder.DropColumn(
                name: "BatchId",
                table: "Suggestions");

            migrationBuilder.DropColumn(
                name: "ReportedModel",
                table: "Suggestions");

            migrationBuilder.DropColumn(
                name: "BatchId",
                table: "ExtractionDrafts");

            migrationBuilder.DropColumn(
                name: "ReportedModel",
                table: "ExtractionDrafts");
        }
    }
}
