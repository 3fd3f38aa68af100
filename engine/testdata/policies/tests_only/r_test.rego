package test.only_tests

test_nothing if true
