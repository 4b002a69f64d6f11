using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Pgvector;

#nullable disable

namespace Screener.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:vector", ",,");

            migrationBuilder.CreateTable(
                name: "Reviewers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DisplayName = table.Column<string>(type: "text", nullable: true),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    ApiKeyHash = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reviewers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Adjudications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReviewId = table.Column<long>(type: "bigint", nullable: false),
                    RecordId = table.Column<long>(type: "bigint", nullable: false),
                    Stage = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AdjudicatorId = table.Column<long>(type: "bigint", nullable: false),
                    Decision = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ExclusionReason = table.Column<string>(type: "text", nullable: true),
                    Note = table.Column<string>(type: "text", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Adjudications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Adjudications_Reviewers_AdjudicatorId",
                        column: x => x.AdjudicatorId,
                        principalTable: "Reviewers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DuplicateLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReviewId = table.Column<long>(type: "bigint", nullable: false),
                    KeptRecordId = table.Column<long>(type: "bigint", nullable: false),
                    DuplicateRecordId = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    MergedFieldsJson = table.Column<string>(type: "jsonb", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UndoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuplicateLinks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Embeddings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReviewId = table.Column<long>(type: "bigint", nullable: false),
                    RecordId = table.Column<long>(type: "bigint", nullable: false),
                    Model = table.Column<string>(type: "text", nullable: false),
                    Dimension = table.Column<int>(type: "integer", nullable: false),
                    Embedding = table.Column<Vector>(type: "vector", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Embeddings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ExtractionDrafts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    RecordId = table.Column<long>(type: "bigint", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProtocolHash = table.Column<string>(type: "text", nullable: false),
                    PromptId = table.Column<string>(type: "text", nullable: false),
                    PromptVersion = table.Column<string>(type: "text", nullable: false),
                    PromptHash = table.Column<string>(type: "text", nullable: false),
                    RenderedPromptHash = table.Column<string>(type: "text", nullable: false),
                    Model = table.Column<string>(type: "text", nullable: false),
                    ParametersJson = table.Column<string>(type: "jsonb", nullable: false),
                    SourceKind = table.Column<string>(type: "text", nullable: false),
                    RawReply = table.Column<string>(type: "text", nullable: true),
                    PromptTokens = table.Column<int>(type: "integer", nullable: false),
                    CompletionTokens = table.Column<int>(type: "integer", nullable: false),
                    Cost = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: false),
                    LatencyMs = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExtractionDrafts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ExtractionFields",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DraftId = table.Column<long>(type: "bigint", nullable: false),
                    RecordId = table.Column<long>(type: "bigint", nullable: false),
                    FieldName = table.Column<string>(type: "text", nullable: false),
                    ValueJson = table.Column<string>(type: "jsonb", nullable: true),
                    NotReported = table.Column<bool>(type: "boolean", nullable: false),
                    Evidence = table.Column<string>(type: "text", nullable: true),
                    Confidence = table.Column<double>(type: "double precision", nullable: true),
                    Flags = table.Column<List<string>>(type: "text[]", nullable: false),
                    ReviewStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FinalValueJson = table.Column<string>(type: "jsonb", nullable: true),
                    VerifiedById = table.Column<long>(type: "bigint", nullable: true),
                    VerifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExtractionFields", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExtractionFields_ExtractionDrafts_DraftId",
                        column: x => x.DraftId,
                        principalTable: "ExtractionDrafts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExtractionFields_Reviewers_VerifiedById",
                        column: x => x.VerifiedById,
                        principalTable: "Reviewers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HumanDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReviewId = table.Column<long>(type: "bigint", nullable: false),
                    RecordId = table.Column<long>(type: "bigint", nullable: false),
                    ReviewerId = table.Column<long>(type: "bigint", nullable: false),
                    Stage = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Decision = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ExclusionReason = table.Column<string>(type: "text", nullable: true),
                    Note = table.Column<string>(type: "text", nullable: true),
                    LlmSuggestionId = table.Column<long>(type: "bigint", nullable: true),
                    LlmSuggestedDecision = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LlmSuggestionShown = table.Column<bool>(type: "boolean", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HumanDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HumanDecisions_Reviewers_ReviewerId",
                        column: x => x.ReviewerId,
                        principalTable: "Reviewers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ImportSources",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReviewId = table.Column<long>(type: "bigint", nullable: false),
                    SourceName = table.Column<string>(type: "text", nullable: false),
                    FileName = table.Column<string>(type: "text", nullable: false),
                    FileSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Format = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RecordCount = table.Column<int>(type: "integer", nullable: false),
                    ErrorCount = table.Column<int>(type: "integer", nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportSources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProtocolVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReviewId = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    YamlText = table.Column<string>(type: "text", nullable: false),
                    SourcePath = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProtocolVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Reviews",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CurrentProtocolVersionId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Reviews_ProtocolVersions_CurrentProtocolVersionId",
                        column: x => x.CurrentProtocolVersionId,
                        principalTable: "ProtocolVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReviewId = table.Column<long>(type: "bigint", nullable: false),
                    ImportSourceId = table.Column<long>(type: "bigint", nullable: false),
                    SourcePosition = table.Column<int>(type: "integer", nullable: false),
                    SourceLine = table.Column<int>(type: "integer", nullable: false),
                    ExternalId = table.Column<string>(type: "text", nullable: true),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Abstract = table.Column<string>(type: "text", nullable: true),
                    Authors = table.Column<List<string>>(type: "text[]", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: true),
                    Journal = table.Column<string>(type: "text", nullable: true),
                    Doi = table.Column<string>(type: "text", nullable: true),
                    Pmid = table.Column<string>(type: "text", nullable: true),
                    Keywords = table.Column<List<string>>(type: "text[]", nullable: false),
                    ImportedLabelTitleAbstract = table.Column<bool>(type: "boolean", nullable: true),
                    ImportedLabelFinal = table.Column<bool>(type: "boolean", nullable: true),
                    DuplicateOfId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Records", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Records_ImportSources_ImportSourceId",
                        column: x => x.ImportSourceId,
                        principalTable: "ImportSources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Records_Records_DuplicateOfId",
                        column: x => x.DuplicateOfId,
                        principalTable: "Records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Records_Reviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "Reviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReviewMemberships",
                columns: table => new
                {
                    ReviewId = table.Column<long>(type: "bigint", nullable: false),
                    ReviewerId = table.Column<long>(type: "bigint", nullable: false),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewMemberships", x => new { x.ReviewId, x.ReviewerId });
                    table.ForeignKey(
                        name: "FK_ReviewMemberships_Reviewers_ReviewerId",
                        column: x => x.ReviewerId,
                        principalTable: "Reviewers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReviewMemberships_Reviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "Reviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReviewId = table.Column<long>(type: "bigint", nullable: false),
                    ProtocolVersionId = table.Column<long>(type: "bigint", nullable: false),
                    Stage = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Provider = table.Column<string>(type: "text", nullable: false),
                    Model = table.Column<string>(type: "text", nullable: false),
                    SettingsJson = table.Column<string>(type: "jsonb", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Runs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Runs_ProtocolVersions_ProtocolVersionId",
                        column: x => x.ProtocolVersionId,
                        principalTable: "ProtocolVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Runs_Reviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "Reviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Suggestions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    RecordId = table.Column<long>(type: "bigint", nullable: false),
                    Slot = table.Column<string>(type: "text", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Decision = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Confidence = table.Column<double>(type: "double precision", nullable: true),
                    ExclusionReason = table.Column<string>(type: "text", nullable: true),
                    VerdictsJson = table.Column<string>(type: "jsonb", nullable: false),
                    Flags = table.Column<List<string>>(type: "text[]", nullable: false),
                    ProtocolHash = table.Column<string>(type: "text", nullable: false),
                    PromptId = table.Column<string>(type: "text", nullable: false),
                    PromptVersion = table.Column<string>(type: "text", nullable: false),
                    PromptHash = table.Column<string>(type: "text", nullable: false),
                    RenderedPromptHash = table.Column<string>(type: "text", nullable: false),
                    Model = table.Column<string>(type: "text", nullable: false),
                    ParametersJson = table.Column<string>(type: "jsonb", nullable: false),
                    RawReply = table.Column<string>(type: "text", nullable: true),
                    PromptTokens = table.Column<int>(type: "integer", nullable: false),
                    CompletionTokens = table.Column<int>(type: "integer", nullable: false),
                    Cost = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: false),
                    LatencyMs = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Suggestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Suggestions_Records_RecordId",
                        column: x => x.RecordId,
                        principalTable: "Records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Suggestions_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    RecordId = table.Column<long>(type: "bigint", nullable: false),
                    Slot = table.Column<string>(type: "text", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LockedBy = table.Column<string>(type: "text", nullable: true),
                    LeaseExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkItems_Records_RecordId",
                        column: x => x.RecordId,
                        principalTable: "Records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WorkItems_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Adjudications_AdjudicatorId",
                table: "Adjudications",
                column: "AdjudicatorId");

            migrationBuilder.CreateIndex(
                name: "IX_Adjudications_RecordId_Stage",
                table: "Adjudications",
                columns: new[] { "RecordId", "Stage" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Adjudications_ReviewId",
                table: "Adjudications",
                column: "ReviewId");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicateLinks_DuplicateRecordId",
                table: "DuplicateLinks",
                column: "DuplicateRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicateLinks_KeptRecordId",
                table: "DuplicateLinks",
                column: "KeptRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicateLinks_ReviewId_UndoneAt",
                table: "DuplicateLinks",
                columns: new[] { "ReviewId", "UndoneAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Embeddings_RecordId_Model",
                table: "Embeddings",
                columns: new[] { "RecordId", "Model" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Embeddings_ReviewId_Model",
                table: "Embeddings",
                columns: new[] { "ReviewId", "Model" });

            migrationBuilder.CreateIndex(
                name: "IX_ExtractionDrafts_IdempotencyKey",
                table: "ExtractionDrafts",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExtractionDrafts_RecordId",
                table: "ExtractionDrafts",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_ExtractionDrafts_RunId",
                table: "ExtractionDrafts",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_ExtractionFields_DraftId_FieldName",
                table: "ExtractionFields",
                columns: new[] { "DraftId", "FieldName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExtractionFields_RecordId",
                table: "ExtractionFields",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_ExtractionFields_VerifiedById",
                table: "ExtractionFields",
                column: "VerifiedById");

            migrationBuilder.CreateIndex(
                name: "IX_HumanDecisions_LlmSuggestionId",
                table: "HumanDecisions",
                column: "LlmSuggestionId");

            migrationBuilder.CreateIndex(
                name: "IX_HumanDecisions_RecordId_ReviewerId_Stage",
                table: "HumanDecisions",
                columns: new[] { "RecordId", "ReviewerId", "Stage" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HumanDecisions_ReviewId_Stage",
                table: "HumanDecisions",
                columns: new[] { "ReviewId", "Stage" });

            migrationBuilder.CreateIndex(
                name: "IX_HumanDecisions_ReviewerId",
                table: "HumanDecisions",
                column: "ReviewerId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportSources_ReviewId_FileSha256",
                table: "ImportSources",
                columns: new[] { "ReviewId", "FileSha256" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProtocolVersions_ReviewId_Hash",
                table: "ProtocolVersions",
                columns: new[] { "ReviewId", "Hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Records_DuplicateOfId",
                table: "Records",
                column: "DuplicateOfId");

            migrationBuilder.CreateIndex(
                name: "IX_Records_ImportSourceId_SourcePosition",
                table: "Records",
                columns: new[] { "ImportSourceId", "SourcePosition" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Records_ReviewId_Doi",
                table: "Records",
                columns: new[] { "ReviewId", "Doi" });

            migrationBuilder.CreateIndex(
                name: "IX_Records_ReviewId_Pmid",
                table: "Records",
                columns: new[] { "ReviewId", "Pmid" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewMemberships_ReviewerId",
                table: "ReviewMemberships",
                column: "ReviewerId");

            migrationBuilder.CreateIndex(
                name: "IX_Reviewers_ApiKeyHash",
                table: "Reviewers",
                column: "ApiKeyHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reviewers_UserName",
                table: "Reviewers",
                column: "UserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_CurrentProtocolVersionId",
                table: "Reviews",
                column: "CurrentProtocolVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_Reviews_Name",
                table: "Reviews",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Runs_ProtocolVersionId",
                table: "Runs",
                column: "ProtocolVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_ReviewId",
                table: "Runs",
                column: "ReviewId");

            migrationBuilder.CreateIndex(
                name: "IX_Suggestions_IdempotencyKey",
                table: "Suggestions",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Suggestions_RecordId",
                table: "Suggestions",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_Suggestions_RunId_RecordId",
                table: "Suggestions",
                columns: new[] { "RunId", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkItems_IdempotencyKey",
                table: "WorkItems",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkItems_RecordId",
                table: "WorkItems",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkItems_RunId_Status",
                table: "WorkItems",
                columns: new[] { "RunId", "Status" });

            migrationBuilder.AddForeignKey(
                name: "FK_Adjudications_Records_RecordId",
                table: "Adjudications",
                column: "RecordId",
                principalTable: "Records",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_Adjudications_Reviews_ReviewId",
                table: "Adjudications",
                column: "ReviewId",
                principalTable: "Reviews",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_DuplicateLinks_Records_DuplicateRecordId",
                table: "DuplicateLinks",
                column: "DuplicateRecordId",
                principalTable: "Records",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_DuplicateLinks_Records_KeptRecordId",
                table: "DuplicateLinks",
                column: "KeptRecordId",
                principalTable: "Records",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_DuplicateLinks_Reviews_ReviewId",
                table: "DuplicateLinks",
                column: "ReviewId",
                principalTable: "Reviews",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_Embeddings_Records_RecordId",
                table: "Embeddings",
                column: "RecordId",
                principalTable: "Records",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_Embeddings_Reviews_ReviewId",
                table: "Embeddings",
                column: "ReviewId",
                principalTable: "Reviews",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_ExtractionDrafts_Records_RecordId",
                table: "ExtractionDrafts",
                column: "RecordId",
                principalTable: "Records",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_ExtractionDrafts_Runs_RunId",
                table: "ExtractionDrafts",
                column: "RunId",
                principalTable: "Runs",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_HumanDecisions_Records_RecordId",
                table: "HumanDecisions",
                column: "RecordId",
                principalTable: "Records",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_HumanDecisions_Reviews_ReviewId",
                table: "HumanDecisions",
                column: "ReviewId",
                principalTable: "Reviews",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_HumanDecisions_Suggestions_LlmSuggestionId",
                table: "HumanDecisions",
                column: "LlmSuggestionId",
                principalTable: "Suggestions",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_ImportSources_Reviews_ReviewId",
                table: "ImportSources",
                column: "ReviewId",
                principalTable: "Reviews",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_ProtocolVersions_Reviews_ReviewId",
                table: "ProtocolVersions",
                column: "ReviewId",
                principalTable: "Reviews",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ProtocolVersions_Reviews_ReviewId",
                table: "ProtocolVersions");

            migrationBuilder.DropTable(
                name: "Adjudications");

            migrationBuilder.DropTable(
                name: "DuplicateLinks");

            migrationBuilder.DropTable(
                name: "Embeddings");

            migrationBuilder.DropTable(
                name: "ExtractionFields");

            migrationBuilder.DropTable(
                name: "HumanDecisions");

            migrationBuilder.DropTable(
                name: "ReviewMemberships");

            migrationBuilder.DropTable(
                name: "WorkItems");

            migrationBuilder.DropTable(
                name: "ExtractionDrafts");

            migrationBuilder.DropTable(
                name: "Suggestions");

            migrationBuilder.DropTable(
                name: "Reviewers");

            migrationBuilder.DropTable(
                name: "Records");

            migrationBuilder.DropTable(
                name: "Runs");

            migrationBuilder.DropTable(
                name: "ImportSources");

            migrationBuilder.DropTable(
                name: "Reviews");

            migrationBuilder.DropTable(
                name: "ProtocolVersions");
        }
    }
}
