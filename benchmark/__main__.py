from benchmark.cli.app import main

main()
