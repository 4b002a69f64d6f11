using Screener.Web;

await using var app = ScreenerWebHost.Build(args);
await app.RunAsync();
