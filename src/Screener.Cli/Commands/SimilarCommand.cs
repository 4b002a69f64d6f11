using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Screener.Core.Embeddings;

namespace Screener.Cli.Commands;

internal static class SimilarCommand
{
    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var record = new Option<long>("--record") { Description = "The record's id (as `screener` lists it)", Required = true };
        var top = new Option<int>("--top") { Description = "How many neighbours to list", DefaultValueFactory = _ => 10 };
        var model = new Option<string?>("--model") { Description = "Embedding model to search (default: the record's newest embedding)" };
        var command = new Command("similar", "List the records of a review most similar to a record (cosine; exact, or through the HNSW index of a large review; flags possible duplicates)")
        {
            review, record, top, model,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var result = await FindSimilarRecords.RunAsync(db,
                new FindSimilarRecordsRequest(parse.GetValue(review)!, parse.GetValue(record), parse.GetValue(top), parse.GetValue(model)),
                cli.Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value, token);
            cli.Report(result, r => Write(cli.Out, r));
            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter o, FindSimilarRecordsResult r)
    {
        o.WriteLine($"records most similar to {r.RecordId} \"{r.Title}\" ({r.Model}, {r.Compared} compared, {r.Search} search):");
        foreach (var s in r.Similar)
        {
            var id = s.ExternalId is null ? "" : $" [{s.ExternalId}]";
            var year = s.Year is null ? "" : $" ({s.Year})";
            var flags = (s.PossibleDuplicate ? "  <- possible duplicate" : "") + (s.DuplicateOfId is { } d ? $" (merged into {d})" : "");
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {s.Similarity:F3}  {s.RecordId}{id}  {s.Title}{year}{flags}"));
        }
    }
}
