using System.CommandLine;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Screener.Core;
using Screener.Core.Embeddings;

namespace Screener.Cli.Commands;

internal static class EmbedCommand
{
    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var provider = new Option<bool>("--provider")
        {
            Description = "Use the configured provider's embedding model (Llm section) instead of the offline hashed TF-IDF embedder",
        };
        var batch = new Option<int>("--batch-size") { Description = "Records embedded and inserted per batch", DefaultValueFactory = _ => 256 };
        var command = new Command("embed", "Store an embedding of every record of a review in pgvector (offline hashed TF-IDF by default)")
        {
            review, provider, batch,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            IEmbeddingGenerator<string, Embedding<float>>? generator = null;
            if (parse.GetValue(provider))
                generator = cli.Services.GetService<IEmbeddingGenerator<string, Embedding<float>>>()
                    ?? throw new ScreenerException("no provider embedding model is configured: set Llm:Provider and its embedding model, or omit --provider");
            await using var db = await cli.OpenDbAsync(token);
            var result = await EmbedRecords.RunAsync(db, cli.Time, new EmbedRecordsRequest(parse.GetValue(review)!, parse.GetValue(batch)), generator,
                cli.Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value, token);
            cli.Report(result, r => cli.Out.WriteLine(r.Records == 0
                ? $"review '{parse.GetValue(review)}' has no records yet: nothing to embed (import some with `screener import`)"
                : $"embedded {r.Embedded} of {r.Records} records with {r.Model} ({r.Dimension} dimensions)" +
                (r.Replaced > 0 ? $"; replaced {r.Replaced} older vectors of that model" : "") +
                (r.VectorIndex is { } index ? $"; similar searches this review through the HNSW index {index}" : "") +
                (r.IndexNote is { } note ? $"; {note}" : "")));
            return 0;
        }));
        return command;
    }
}
