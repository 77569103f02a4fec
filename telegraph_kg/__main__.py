from telegraph_kg.cli import main

main()
