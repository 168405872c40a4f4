raise ValueError('the soak wants a traceback')
