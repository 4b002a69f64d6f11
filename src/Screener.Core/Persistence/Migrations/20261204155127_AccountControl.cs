using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Screener.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AccountControl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DisabledAt",
                table: "Reviewers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SecurityStamp",
                table: "Reviewers",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            // Existing accounts get a stamp of their own; sessions issued before this migration carry none and end.
            migrationBuilder.Sql("UPDATE \"Reviewers\" SET \"SecurityStamp\" = md5(random()::text || \"Id\"::text)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DisabledAt",
                table: "Reviewers");

            migrationBuilder.DropColumn(
                name: "SecurityStamp",
                table: "Reviewers");
        }
    }
}
