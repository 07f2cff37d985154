// Copyright 2026 The libmigui authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// "Send to Device" in the window menu of migratory applications' windows
// (and of no other window): the devices the application sees nearby, the
// paired ones to choose, and whether to keep a copy here.

import Shell from 'gi://Shell';

import * as Main from 'resource:///org/gnome/shell/ui/main.js';
import * as PopupMenu from 'resource:///org/gnome/shell/ui/popupMenu.js';
import * as WindowMenu from 'resource:///org/gnome/shell/ui/windowMenu.js';
import {InjectionManager, gettext as _} from 'resource:///org/gnome/shell/extensions/extension.js';

import {loadInto, markNotInstalled} from './asyncMenu.js';
import {errorMessage} from './client.js';
import {SendPartMenu} from './partsMenu.js';

const FORM_FACTOR_ICONS = {
    desktop: 'computer-symbolic',
    phone: 'phone-symbolic',
    tablet: 'input-tablet-symbolic',
    tv: 'video-display-symbolic',
};

/**
 * The name of a window's application, for the user.
 *
 * @param {Meta.Window} window - a window
 * @returns {string} its application's name, else its title
 */
export function appNameOf(window) {
    const app = Shell.WindowTracker.get_default().get_window_app(window);
    return app?.get_name() ?? window.get_title() ?? '';
}

export class SendToDeviceMenu {
    constructor(client) {
        this._client = client;
        this._injections = new InjectionManager();
        this._parts = new SendPartMenu(client);
    }

    enable() {
        const self = this;
        this._injections.overrideMethod(WindowMenu.WindowMenu.prototype, '_buildMenu', original =>
            function (window) {
                original.call(this, window);
                self._extend(this, window);
            });
    }

    disable() {
        this._injections.clear();
    }

    _extend(menu, window) {
        const migratory = this._client.isMigratory(window);
        if (migratory === true) {
            this._addItems(menu, window);
            return;
        }
        if (migratory === false)
            return;
        // Not known yet: added as soon as the application answers.
        let id = this._client.connect('migratory-known', (client_, known) => {
            if (known !== window)
                return;
            disconnect();
            if (this._client.isMigratory(window))
                this._addItems(menu, window);
        });
        const disconnect = () => {
            if (id)
                this._client.disconnect(id);
            id = 0;
        };
        menu.connect('destroy', disconnect);
    }

    _addItems(menu, window) {
        const item = new PopupMenu.PopupSubMenuMenuItem(_('Send to Device'), true);
        item.icon.icon_name = 'send-to-symbolic';
        // Above the separator and Close, at the end of the menu.
        menu.addMenuItem(new PopupMenu.PopupSeparatorMenuItem(), Math.max(menu.numMenuItems - 2, 0));
        menu.addMenuItem(item, Math.max(menu.numMenuItems - 2, 0));
        this._fill(item.menu, window);
        this._parts.add(menu, window, item);
    }

    async _fill(submenu, window) {
        let gone = false;
        submenu.connect('destroy', () => (gone = true));
        const peers = await loadInto(submenu, _('Looking for devices…'), () => this._client.listPeers(window));
        if (peers === null)
            return;
        if (peers.length === 0) {
            submenu.addMenuItem(new PopupMenu.PopupMenuItem(_('No devices nearby'), {reactive: false}));
            return;
        }
        peers.sort((a, b) => (b.paired - a.paired) || a.name.localeCompare(b.name));
        const copy = new PopupMenu.PopupSwitchMenuItem(_('Keep a Copy Here'), false);
        // A click toggles it and leaves the menu open, for choosing the
        // device (GNOME Shell's switch items close it, but for Space).
        copy.activate = () => copy.toggle();
        for (const peer of peers) {
            const label = peer.paired ? peer.name
                // Translators: a device nearby that is not paired with this one
                : _('%s (not paired)').format(peer.name);
            const item = new PopupMenu.PopupImageMenuItem(label,
                FORM_FACTOR_ICONS[peer.formFactor] ?? 'computer-symbolic');
            item.setSensitive(peer.paired);
            item.connect('activate', () => this._send(window, peer, copy.state));
            submenu.addMenuItem(item);
            if (peer.paired)
                markNotInstalled(this._client, peer, window.get_gtk_application_id(), [item], () => gone);
        }
        submenu.addMenuItem(new PopupMenu.PopupSeparatorMenuItem());
        submenu.addMenuItem(copy);
    }

    async _send(window, peer, clone) {
        const appName = appNameOf(window);
        try {
            await this._client.send(window, appName, peer, clone);
            Main.notify(clone
                // Translators: "Gallery copied to Desk"
                ? _('%s copied to %s').format(appName, peer.name)
                // Translators: "Gallery moved to Desk"
                : _('%s moved to %s').format(appName, peer.name), '');
        } catch (e) {
            // Translators: "Could not send Gallery to Desk", then the reason
            Main.notify(_('Could not send %s to %s').format(appName, peer.name), errorMessage(e));
        }
    }
}
