using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Screener.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CostAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CachedPromptTokens",
                table: "Suggestions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeduplicatedAt",
                table: "Reviews",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CachedPromptTokens",
                table: "ExtractionDrafts",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CachedPromptTokens",
                table: "Suggestions");

            migrationBuilder.DropColumn(
                name: "DeduplicatedAt",
                table: "Reviews");

            migrationBuilder.DropColumn(
                name: "CachedPromptTokens",
                table: "ExtractionDrafts");
        }
    }
}
