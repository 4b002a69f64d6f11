using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Screener.Core;
using Screener.Core.Persistence;
using Screener.Web.Api;
using Screener.Web.Auth;
using Screener.Web.Ui;

namespace Screener.Web;

/// <summary>
/// Builds the web host: REST API, reviewer UI, authentication. Used by Program (dotnet run), by `screener serve`
/// and by the tests, so all three run exactly the same pipeline.
/// </summary>
public static class ScreenerWebHost
{
    /// <summary>Loopback only unless told otherwise: the service holds unpublished review data.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Decisions and edits are small; 1 MiB leaves room for long notes and nothing for abuse.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <param name="replaceServices">Tests only: swaps registrations after the host's own (a ranking that blocks, say).</param>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? replaceServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // The CLI's configuration path, not ASP.NET's defaults (appsettings.{Environment}.json, unprefixed environment
        // variables, user secrets), so a setting means the same in both hosts; command-line arguments (--urls) stay last.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddScreenerConfiguration(AppContext.BaseDirectory, overrides).AddCommandLine(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });

        AddServices(builder.Services, builder.Configuration);
        replaceServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseUiAssets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        Health.Map(app);
        app.MapOpenApi();
        ReviewApi.Map(app);
        AdminApi.Map(app);
        RunApi.Map(app);
        UiEndpoints.Map(app);
        return app;
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScreenerCore(configuration);
        var jobs = configuration.GetSection(Core.Jobs.JobOptions.SectionName).Get<Core.Jobs.JobOptions>() ?? new();
        var llm = Core.Llm.LlmOptions.ShapeOf(configuration);
        if (jobs.WebWorker && llm.IsConfigured) services.AddHostedService<Jobs.ScreeningWorker>();
        services.AddHostedService<Jobs.QueueRankingWorker>();
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ScreenerDbContext>>().CreateDbContext());
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddRazorComponents();
        services.AddProblemDetails();
        services.AddExceptionHandler<ScreenerExceptionHandler>();
        services.AddOpenApi();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "screener.csrf";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddOwnerOnlyKeyStorage(configuration);
        services.AddRequestLimits();
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = MaxRequestBodyBytes);
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = ReviewerAuthentication.Scheme;
                o.DefaultChallengeScheme = ReviewerAuthentication.Scheme;
            })
            .AddPolicyScheme(ReviewerAuthentication.Scheme, "Cookie or API key", o => o.ForwardDefaultSelector = ReviewerAuthentication.SelectScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, ReviewerAuthentication.ConfigureCookie)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ReviewerAuthentication.AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(nameof(Core.Reviews.ReviewerRole.Admin)));
    }
}
