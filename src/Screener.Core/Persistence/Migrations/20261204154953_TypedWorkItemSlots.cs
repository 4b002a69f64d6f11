using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Screener.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TypedWorkItemSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Repeat",
                table: "WorkItems",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "Repeat",
                table: "Suggestions",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            // The slot used to travel as "name#repeat" (screening) or "extract#1": split it into the typed columns.
            foreach (var table in new[] { "WorkItems", "Suggestions" })
                migrationBuilder.Sql($"""
                    UPDATE "{table}" SET "Repeat" = split_part("Slot", '#', 2)::int, "Slot" = split_part("Slot", '#', 1)
                    WHERE "Slot" ~ '#[0-9]+$'
                    """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "WorkItems", "Suggestions" })
                migrationBuilder.Sql($"""UPDATE "{table}" SET "Slot" = "Slot" || '#' || "Repeat" """);

            migrationBuilder.DropColumn(
                name: "Repeat",
                table: "WorkItems");

            migrationBuilder.DropColumn(
                name: "Repeat",
                table: "Suggestions");
        }
    }
}
