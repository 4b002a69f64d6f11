using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core.Jobs;
using Screener.Core.Llm;
using Screener.Core.Persistence;
using Screener.Core.Prompts;
using Screener.Core.Screening;

namespace Screener.Core;

/// <summary>Registration shared by both hosts: configuration sections become options, the database a context factory.</summary>
public static class ScreenerServices
{
    public const string EnvironmentPrefix = "SCREENER__";

    public const string NoLlmConfigured =
        "no LLM configured: set SCREENER__Llm__Provider (openai|azure|local), SCREENER__Llm__Endpoint, SCREENER__Llm__Model and SCREENER__Llm__ApiKey (see README.md)";

    /// <summary>appsettings.json beside the program, then SCREENER__ environment variables (SCREENER__Llm__Model=...).</summary>
    public static IConfigurationRoot BuildConfiguration(string? basePath = null, IDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(basePath ?? AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null) builder.AddInMemoryCollection(overrides);
        return builder.Build();
    }

    public static IServiceCollection AddScreenerCore(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ScreenerDatabase.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ScreenerException(
                "no database configured: set ConnectionStrings:Screener in appsettings.json or SCREENER__ConnectionStrings__Screener");
        services.AddSingleton(configuration);
        services.AddSingleton(TimeProvider.System);
        // Pooled: a screening run opens a short-lived context per work item, and building a context's services
        // each time was a tenth of the run's CPU (bench `screen`).
        services.AddPooledDbContextFactory<ScreenerDbContext>(o => ScreenerDatabase.Configure(o, connectionString));
        services.AddLogging();
        services.AddScreenerLlm(configuration);
        services.AddSingleton<ChatClientSelector>(sp =>
        {
            var options = sp.GetRequiredService<LlmOptions>();
            return options.IsConfigured
                ? sp.GetRequiredService<LlmChatClients>().For
                : _ => throw new ScreenerException(NoLlmConfigured);
        });
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.SectionName)).ValidateDataAnnotations();
        services.AddOptions<ScreeningOptions>().Bind(configuration.GetSection(ScreeningOptions.SectionName)).ValidateDataAnnotations();
        services.AddOptions<Embeddings.EmbeddingOptions>().Bind(configuration.GetSection(Embeddings.EmbeddingOptions.SectionName)).ValidateDataAnnotations();
        services.AddSingleton(PromptLibrary.Default());
        services.AddTransient<Jobs.LlmRunCoordinator>();
        services.AddTransient<ScreenRecords>();
        services.AddTransient<Extraction.DraftExtractions>();
        return services;
    }
}
