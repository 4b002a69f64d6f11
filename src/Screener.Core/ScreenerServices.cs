using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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

    /// <summary>
    /// The one configuration path of both hosts (the CLI, and the web host however it is started): appsettings.json
    /// beside the program, then SCREENER__ environment variables (SCREENER__Llm__Model=...), then the caller's overrides.
    /// </summary>
    public static IConfigurationBuilder AddScreenerConfiguration(
        this IConfigurationBuilder builder, string? basePath = null, IDictionary<string, string?>? overrides = null)
    {
        builder.SetBasePath(basePath ?? AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null) builder.AddInMemoryCollection(overrides);
        return builder;
    }

    public static IConfigurationRoot BuildConfiguration(string? basePath = null, IDictionary<string, string?>? overrides = null) =>
        new ConfigurationBuilder().AddScreenerConfiguration(basePath, overrides).Build();

    /// <summary>
    /// What a generic host does before it starts: every options section is registered with ValidateOnStart (the Llm
    /// section too) and checked here, so a bad setting stops the CLI at once, naming the setting, whatever the verb.
    /// </summary>
    public static void ValidateAtStart(IServiceProvider services)
    {
        const string Where = "invalid configuration (appsettings.json or SCREENER__... environment variables)";
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException e)
        {
            throw new ScreenerException($"{Where}: {string.Join("; ", e.Failures)}");
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OptionsValidationException))
        {
            // Several sections wrong at once: name them all, so one start shows every fix.
            var failures = e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(x => x.Failures);
            throw new ScreenerException($"{Where}: {string.Join("; ", failures)}");
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // A value the binder cannot read at all, such as Llm:Provider=foo.
            throw new ScreenerException($"{Where}: {e.Message}");
        }
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
        // Every section, the Llm one included, is validated when a host starts (the web host, and the CLI through ValidateAtStart).
        services.AddScreenerLlm(configuration);
        services.AddSingleton<ChatClientSelector>(sp =>
        {
            var options = sp.GetRequiredService<LlmOptions>();
            var providers = sp.GetService<LlmProviders>()?.Prepare();
            return (model, provider) => providers is not null && (provider is not null || options.IsConfigured)
                ? providers.For(model, provider)
                : throw new ScreenerException(NoLlmConfigured);
        });
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ScreeningOptions>().Bind(configuration.GetSection(ScreeningOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Embeddings.EmbeddingOptions>().Bind(configuration.GetSection(Embeddings.EmbeddingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FullText.FullTextOptions>().Bind(configuration.GetSection(FullText.FullTextOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(PromptLibrary.Default());
        services.AddTransient<Jobs.LlmRunCoordinator>();
        services.AddTransient<Jobs.Batch.LlmBatchRoute>();
        services.AddTransient<ScreenRecords>();
        services.AddTransient<Extraction.DraftExtractions>();
        // The queue's read model: one per host, refreshed by the web host's background worker (Ranking/QueueRankings).
        services.AddSingleton<Ranking.ComputeQueueRanking>(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            return (db, reviewId, viewer, ct) => Ranking.QueueRanking.ComputeAsync(db, reviewId, viewer, time, ct);
        });
        services.AddSingleton<Ranking.QueueRankings>();
        return services;
    }
}
