using SapSandbox.Server.Cli;

return await SandboxCommand.Create().Parse(args).InvokeAsync();
