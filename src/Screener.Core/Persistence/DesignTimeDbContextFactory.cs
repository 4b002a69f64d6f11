using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Screener.Core.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without a running host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ScreenerDbContext>
{
    public ScreenerDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ScreenerDbContext>();
        ScreenerDatabase.Configure(options, "Host=127.0.0.1;Database=screener_design;Username=screener");
        return new ScreenerDbContext(options.Options);
    }
}
