using Microsoft.Extensions.AI;

namespace Screener.Core.Llm;

/// <summary>
/// The chat client for a model (Azure: a deployment). Reviewer slots may name different models; all of them go
/// through the same gateway pipeline and limits. Tests supply their own.
/// </summary>
public delegate IChatClient ChatClientSelector(string model);
