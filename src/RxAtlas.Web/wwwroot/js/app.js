// stub padding padding padding padding padding padding padding padding padding padding padding padding
