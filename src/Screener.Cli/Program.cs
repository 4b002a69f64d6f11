using Screener.Cli;

return await CliApp.BuildRootCommand().Parse(args).InvokeAsync();
