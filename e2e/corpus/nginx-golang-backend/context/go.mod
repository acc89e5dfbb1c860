module corpus.example/backend

go 1.18
