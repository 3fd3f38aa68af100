from_file = "bad"
