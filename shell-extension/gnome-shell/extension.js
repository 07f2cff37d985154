// Copyright 2026 The libmigui authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Send to Device: libmigui in GNOME Shell.  The window menu of migratory
// applications sends them to a paired device; Quick Settings' "Devices"
// lists the paired devices, continues here what runs on them, and shows
// what moves.  Everything goes through migui-shell and the applications,
// over the session bus (client.js).

import * as Main from 'resource:///org/gnome/shell/ui/main.js';
import {Extension} from 'resource:///org/gnome/shell/extensions/extension.js';

import {MiguiClient} from './client.js';
import {DevicesIndicator} from './devicesToggle.js';
import {SendToDeviceMenu} from './windowMenu.js';

export default class SendToDeviceExtension extends Extension {
    enable() {
        this._client = new MiguiClient();
        this._windowMenu = new SendToDeviceMenu(this._client);
        this._windowMenu.enable();
        this._indicator = new DevicesIndicator(this._client);
        Main.panel.statusArea.quickSettings.addExternalIndicator(this._indicator);
    }

    disable() {
        this._indicator.destroy();
        this._indicator = null;
        this._windowMenu.disable();
        this._windowMenu = null;
        this._client.destroy();
        this._client = null;
    }
}
