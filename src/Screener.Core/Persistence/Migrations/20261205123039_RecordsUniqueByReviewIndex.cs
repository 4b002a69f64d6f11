using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Screener.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RecordsUniqueByReviewIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Records_ReviewId_DuplicateOfId_Id",
                table: "Records",
                columns: new[] { "ReviewId", "DuplicateOfId", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "ImportSourceId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Records_ReviewId_DuplicateOfId_Id",
                table: "Records");
        }
    }
}
