using Screener.Core.Jobs.Batch;

namespace Screener.Core.Tests.Llm;

/// <summary>Which collected batch requests fit under the run's cost limit (issue 22): in queue order, on top of what the run has cost.</summary>
public sealed class BatchBudgetTests
{
    [Fact]
    public void Requests_are_taken_in_order_while_the_run_stays_within_the_limit()
    {
        decimal[] costs = [0.10m, 0.10m, 0.10m, 0.10m];

        Assert.Equal(2, BatchBudget.Fitting(costs, maxCost: 0.45m, spent: 0.20m));
        Assert.Equal(2, BatchBudget.Fitting(costs, maxCost: 0.40m, spent: 0.20m)); // reaching the limit exactly fits
        Assert.Equal(4, BatchBudget.Fitting(costs, maxCost: 10m, spent: 0m));
    }

    [Fact]
    public void Nothing_fits_when_the_first_request_would_pass_the_limit()
    {
        Assert.Equal(0, BatchBudget.Fitting([0.20m, 0.01m], maxCost: 0.45m, spent: 0.30m));
        Assert.Equal(0, BatchBudget.Fitting([0.01m], maxCost: 0.01m, spent: 0.02m));
    }

    [Fact]
    public void Requests_without_a_price_cost_nothing_and_fit_until_the_run_has_reached_its_limit()
    {
        Assert.Equal(3, BatchBudget.Fitting([0m, 0m, 0m], maxCost: 1m, spent: 0.5m));
        Assert.Equal(0, BatchBudget.Fitting([0m, 0m, 0m], maxCost: 1m, spent: 1m));
    }
}
