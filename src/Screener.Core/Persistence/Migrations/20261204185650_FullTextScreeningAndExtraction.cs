using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Screener.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FullTextScreeningAndExtraction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SourcePassagesJson",
                table: "Suggestions",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Page",
                table: "ExtractionFields",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourcePassagesJson",
                table: "ExtractionDrafts",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SourcePassagesJson",
                table: "Suggestions");

            migrationBuilder.DropColumn(
                name: "Page",
                table: "ExtractionFields");

            migrationBuilder.DropColumn(
                name: "SourcePassagesJson",
                table: "ExtractionDrafts");
        }
    }
}
