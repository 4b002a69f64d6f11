using Microsoft.Playwright;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.BrowserTests;

/// <summary>
/// Debian's Chromium (apt: chromium) driven by Playwright; Playwright's own browser download is not used.
/// Each session has a fresh profile directory and keeps screenshots under TestResults/screenshots.
/// </summary>
public sealed class ChromiumSession : IAsyncDisposable
{
    public static readonly string Executable = Environment.GetEnvironmentVariable("SCREENER_CHROMIUM") ?? "/usr/bin/chromium";

    public static string ScreenshotDirectory { get; } =
        Path.Combine(Paths.RepoRoot, "tests", "Screener.BrowserTests", "TestResults", "screenshots");

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profile;

    private ChromiumSession(IPlaywright playwright, IBrowserContext context, IPage page, string profile)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<ChromiumSession> StartAsync(Uri baseAddress)
    {
        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("screener-chromium-").FullName;
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            BaseURL = baseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        // Two cores are shared by parallel builds: be patient with page loads, never with wrong results.
        page.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        return new ChromiumSession(playwright, context, page, profile);
    }

    public async Task SignInAsync(string userName)
    {
        await Page.GotoAsync("/login");
        await Page.GetByLabel("User name").FillAsync(userName);
        await Page.GetByLabel("Password").FillAsync(IntegrationTests.Web.ReviewSeed.Password);
        await Page.GetByLabel("Password").PressAsync("Enter");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Your reviews" })).ToBeVisibleAsync();
    }

    public Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        return Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        _playwright.Dispose();
        Directory.Delete(_profile, recursive: true);
    }
}
