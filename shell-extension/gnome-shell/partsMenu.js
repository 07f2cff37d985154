// Copyright 2026 The libmigui authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// "Send a Part to Device" in the window menu, below "Send to Device", for
// applications with parts that may go to another device on their own
// (libmigui's forms: the sketch pad's palette): moved there, shared, or
// only shown there.  Added once the application has said it has some.

import * as Main from 'resource:///org/gnome/shell/ui/main.js';
import * as PopupMenu from 'resource:///org/gnome/shell/ui/popupMenu.js';
import {gettext as _} from 'resource:///org/gnome/shell/extensions/extension.js';

import {markNotInstalled} from './asyncMenu.js';
import {errorMessage} from './client.js';

const MODES = [
    // Translators: a part of an application leaves this device for the other one
    {mode: 'move', label: () => _('Move It')},
    // Translators: a part of an application is on both devices, both can change it
    {mode: 'share', label: () => _('Share It')},
    // Translators: the other device follows a part of an application without changing it
    {mode: 'watch', label: () => _('Only Show It')},
];

export class SendPartMenu {
    constructor(client) {
        this._client = client;
    }

    /**
     * Adds the item to @menu after @after, if the window's application
     * has parts that may travel.
     *
     * @param {PopupMenu.PopupMenu} menu - a window menu
     * @param {Meta.Window} window - its window, of a migratory application
     * @param {PopupMenu.PopupBaseMenuItem} after - the "Send to Device" item
     */
    async add(menu, window, after) {
        let gone = false;
        menu.connect('destroy', () => (gone = true));
        let forms;
        try {
            forms = await this._client.listForms(window);
        } catch (e) {
            // An application of libmigui before forms could travel.
            console.debug(`migui: ${e.message}`);
            return;
        }
        if (gone || forms.length === 0)
            return;
        const item = new PopupMenu.PopupSubMenuMenuItem(_('Send a Part to Device'), true);
        item.icon.icon_name = 'send-to-symbolic';
        menu.addMenuItem(item, menu._getMenuItems().indexOf(after) + 1);
        this._fill(item.menu, window, forms);
    }

    async _fill(submenu, window, forms) {
        const peers = await this._client.listPeers(window).catch(e => {
            submenu.addMenuItem(new PopupMenu.PopupMenuItem(errorMessage(e), {reactive: false}));
            return null;
        });
        if (peers === null)
            return;
        const paired = peers.filter(p => p.paired).sort((a, b) => a.name.localeCompare(b.name));
        if (paired.length === 0) {
            submenu.addMenuItem(new PopupMenu.PopupMenuItem(_('No paired devices nearby'), {reactive: false}));
            return;
        }
        let mode = 'move';
        const modeItems = MODES.map(m => {
            const item = new PopupMenu.PopupMenuItem(m.label());
            // Choosing how keeps the menu open, for choosing where.
            item.activate = () => {
                mode = m.mode;
                modeItems.forEach((i, k) => i.setOrnament(MODES[k].mode === mode
                    ? PopupMenu.Ornament.DOT : PopupMenu.Ornament.NO_DOT));
            };
            item.setOrnament(m.mode === mode ? PopupMenu.Ornament.DOT : PopupMenu.Ornament.NO_DOT);
            submenu.addMenuItem(item);
            return item;
        });
        const itemsOf = new Map(paired.map(peer => [peer, []]));
        for (const form of forms) {
            submenu.addMenuItem(new PopupMenu.PopupSeparatorMenuItem(form.devices.length > 0
                // Translators: a part of an application, and the devices it is on already
                ? _('%s (on %s)').format(form.name, form.devices.join(', ')) : form.name));
            for (const peer of paired) {
                // Translators: "Palette to Desk": sends that part to that device
                const item = new PopupMenu.PopupMenuItem(_('%s to %s').format(form.name, peer.name));
                item.connect('activate', () => this.send(window, form.name, peer, mode));
                submenu.addMenuItem(item);
                itemsOf.get(peer).push(item);
            }
        }
        let gone = false;
        submenu.connect('destroy', () => (gone = true));
        for (const [peer, items] of itemsOf)
            markNotInstalled(this._client, peer, window.get_gtk_application_id(), items, () => gone);
    }

    /**
     * Sends a part and tells the user how it went.
     *
     * @param {Meta.Window} window - the application's window
     * @param {string} form - the part's name
     * @param {object} peer - a device, from listPeers()
     * @param {string} mode - 'move', 'share' or 'watch'
     */
    async send(window, form, peer, mode) {
        try {
            await this._client.sendForm(window, form, peer, mode);
            const done = {
                // Translators: "Palette moved to Desk"
                move: _('%s moved to %s'),
                // Translators: "Palette shared with Desk"
                share: _('%s shared with %s'),
                // Translators: "Palette shown on Desk"
                watch: _('%s shown on %s'),
            }[mode];
            Main.notify(done.format(form, peer.name), '');
        } catch (e) {
            // Translators: "Could not send Palette to Desk", then the reason
            Main.notify(_('Could not send %s to %s').format(form, peer.name), errorMessage(e));
        }
    }
}
