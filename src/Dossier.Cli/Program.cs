return Dossier.Cli.DossierCommand.Run(args);
