// placeholder: the tokenizer is being written
