// Placeholder entry point; the CLI commands are registered in ./program.ts once written.
process.stdout.write('riposte: CLI under construction\n');
