using Microsoft.Extensions.AI;

namespace Screener.Core.Llm;

/// <summary>
/// The chat client for a model (Azure: a deployment) of a provider (null: the Llm section; else Llm:Providers:NAME).
/// Models of one provider share its gateway pipeline and limits; each named provider has its own. Tests supply their own.
/// </summary>
public delegate IChatClient ChatClientSelector(string model, string? provider = null);
