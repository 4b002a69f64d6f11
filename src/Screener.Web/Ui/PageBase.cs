using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Screener.Web.Ui;

/// <summary>A page component: one typed model, loaded by its endpoint before rendering (static server rendering, no interactivity).</summary>
public abstract class PageBase<TModel> : ComponentBase
{
    [Parameter, EditorRequired]
    public TModel Model { get; set; } = default!;
}

/// <summary>The review a page belongs to, for the shell's navigation.</summary>
public sealed record ReviewHeader(long Id, string Name);

public static class Pages
{
    /// <summary>The page rendered by the Razor component renderer, its model as the one parameter.</summary>
    public static RazorComponentResult<TPage> Render<TPage, TModel>(TModel model, int? statusCode = null) where TPage : PageBase<TModel> =>
        new(new Dictionary<string, object?> { [nameof(PageBase<TModel>.Model)] = model }) { StatusCode = statusCode };
}
