from ccetl.cli import main

main()
