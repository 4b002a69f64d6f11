using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Screener.Web;

namespace Screener.Cli.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Where to listen (default {ScreenerWebHost.DefaultUrl}: loopback only; use a reverse proxy with TLS to expose it)",
            DefaultValueFactory = _ => ScreenerWebHost.DefaultUrl,
        };
        var command = new Command("serve", "Run the REST API (OpenAPI at /openapi/v1.json) and the reviewer web UI until stopped") { urls };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            // The web host gets exactly the configuration this CLI run resolved (file, SCREENER__ variables, overrides).
            var settings = cli.Configuration.AsEnumerable().Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
            settings["urls"] = parse.GetValue(urls);
            await using var app = ScreenerWebHost.Build([], settings);
            await app.StartAsync(token);
            cli.Report(new { urls = app.Urls.ToList() }, s => cli.Out.WriteLine(
                $"Screener is listening on {string.Join(", ", s.urls)} (Ctrl+C to stop). Sign in with an account from `screener review user add`."));
            await app.WaitForShutdownAsync(token);
            return 0;
        }));
        return command;
    }
}
